package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * kube-proxy's {@code "<ns/svc:port> has no endpoints"} REJECT rules, matched to their Service, with counters: clients
 * of that Service get ICMP port-unreachable ("connection refused") from the node itself.
 */
public final class KubeProxyNoEndpointsReject implements Check {
  static final CheckInfo INFO = new CheckInfo("kube-proxy-no-endpoints-reject",
      "kube-proxy rejects traffic to a Service without endpoints", Severity.WARNING, Layer.KUBERNETES,
      "Finds kube-proxy's \"has no endpoints\" REJECT rules, with their Service and counters.");
  private static final String SUFFIX = " has no endpoints";

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.IPTABLES)) {
      for (NfRule r : n.netfilter().rules()) {
        if (!r.target().equals("REJECT") || !r.comment().endsWith(SUFFIX)) continue;
        String port = r.comment().substring(0, r.comment().length() - SUFFIX.length());
        int slash = port.indexOf('/');
        int colon = port.lastIndexOf(':');
        if (slash < 0 || colon < slash) continue;
        String ns = port.substring(0, slash);
        String name = port.substring(slash + 1, colon);
        Optional<Service> svc = ctx.cluster().service(ns, name);
        String counts = r.counters() == null ? "no counters" : r.counters().packets() + " packets rejected"
            + (r.delta() == null ? "" : ", +" + r.packetDelta() + " in the second sample");
        var f = ctx.finding(Subject.of("Service", ns, name).onNode(n.name()), "kube-proxy on " + n.name()
                + " rejects connections to " + port)
            .evidence(ctx.evidence(r.ref(), r.chain() + ": " + counts));
        String now = "";
        if (svc.isPresent()) {
          f.evidence(ctx.evidence(svc.get().meta().ref(), "the Service"));
          Optional<ServicePort> sp = svc.get().ports().stream().filter(p -> port.endsWith(":" + p.name()))
              .findFirst();
          TreeSet<String> ready = sp.isPresent() && KubeProxyChains.endpointsKnown(ctx.cluster())
              ? KubeProxyChains.readyEndpoints(ctx.cluster(), svc.get(), sp.get()) : new TreeSet<>();
          if (!ready.isEmpty()) {
            f.severity(Severity.ERROR);
            now = " The Service has ready endpoints now (" + String.join(", ", ready) + "), so this rule is stale: "
                + "kube-proxy on " + n.name() + " has not synced since they became ready.";
          }
        } else if (ctx.cluster().has(dev.packetwalk.model.cluster.Cluster.Kind.SERVICES)) {
          now = " No such Service exists any more: the rule is a leftover of a kube-proxy that stopped syncing.";
        }
        out.add(f.explain("Node " + n.name() + " has kube-proxy's REJECT rule for " + port + " in " + r.table() + " "
                + r.chain() + " (" + counts + "): the Service had no ready endpoints when kube-proxy last synced, "
                + "so every connection to it is refused with ICMP port-unreachable by the node." + now)
            .remedy("Give the Service ready endpoints (see service-selector-no-match and "
                + "service-no-ready-endpoints); if it has them, check kube-proxy on " + n.name() + ".")
            .build());
      }
    }
    return out;
  }
}
