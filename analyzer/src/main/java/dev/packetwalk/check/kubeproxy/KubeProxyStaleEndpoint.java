package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NfChain;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NfTable;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * In iptables mode, a Service port whose KUBE-SVC chain DNATs to endpoints other than the Service's ready ones: a
 * kube-proxy that stopped syncing keeps sending traffic to pods that are gone, and never to new ones. The chain is
 * found by its recomputed name, so it works without comments too.
 */
public final class KubeProxyStaleEndpoint implements Check {
  static final CheckInfo INFO = new CheckInfo("kube-proxy-stale-endpoint", "kube-proxy DNATs to stale endpoints",
      Severity.ERROR, Layer.KUBERNETES,
      "Finds Service ports whose KUBE-SVC chain DNATs to endpoints that differ from the Service's ready endpoints.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES)) return List.of();
    if (!KubeProxyChains.endpointsKnown(ctx.cluster())) {
      ctx.insufficient("not collected: endpoints or endpointslices");
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.IPTABLES)) {
      Optional<NfTable> nat = n.netfilter().table("nat");
      if (nat.isEmpty() || nat.get().chainsStartingWith("KUBE-SVC-").isEmpty()) continue; // not iptables mode
      for (Service s : ctx.cluster().services()) {
        if (s.headless() || s.clusterIP().isEmpty() || s.isExternalName()) continue;
        for (ServicePort p : s.ports()) {
          Optional<NfChain> svc = nat.get().chain(KubeProxyChains.svcChain(s, p)).or(() -> byComment(nat.get(),
              KubeProxyChains.portName(s, p)));
          if (svc.isEmpty()) continue; // no endpoints at all, or not synced: other checks
          compare(ctx, n, nat.get(), s, p, svc.get()).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** A KUBE-SVC chain whose rules name the port in kube-proxy's comments (older versions hashed differently). */
  private static Optional<NfChain> byComment(NfTable nat, String port) {
    return nat.chainsStartingWith("KUBE-SVC-").stream().filter(c -> c.rules().stream()
        .anyMatch(r -> port.equals(KubeProxyChains.commentPort(r)))).findFirst();
  }

  private static Optional<Finding> compare(CheckContext ctx, NodeDataplane n, NfTable nat, Service s, ServicePort p,
      NfChain svc) {
    TreeMap<String, NfRule> dnat = new TreeMap<>();
    for (NfRule jump : svc.rules()) {
      if (!jump.target().startsWith("KUBE-SEP-")) continue;
      nat.chain(jump.target()).ifPresent(sep -> sep.rules().stream().filter(r -> r.target().equals("DNAT"))
          .forEach(r -> dnat.putIfAbsent(r.targetOption("to-destination"), r)));
    }
    TreeSet<String> ready = KubeProxyChains.readyEndpoints(ctx.cluster(), s, p);
    TreeSet<String> stale = new TreeSet<>(dnat.keySet());
    stale.removeAll(ready);
    TreeSet<String> missing = new TreeSet<>(ready);
    missing.removeAll(dnat.keySet());
    if (stale.isEmpty() && missing.isEmpty()) return Optional.empty();
    String port = KubeProxyChains.portName(s, p);
    var f = ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()).onNode(n.name()),
        "kube-proxy on " + n.name() + " is out of date for " + port);
    for (String ep : stale) {
      NfRule r = dnat.get(ep);
      f.evidence(ctx.evidence(r.ref(), "DNAT to " + ep + ", not a ready endpoint; counters "
          + (r.counters() == null ? "none" : r.counters().packets() + " packets")));
    }
    f.evidence(ctx.evidence(svc.ref(), svc.name() + " = " + port + " " + p.protocol()));
    f.evidence(ctx.evidence(p.ref() == null ? s.meta().ref() : p.ref(), "the Service port"));
    return Optional.of(f.explain("On node " + n.name() + ", kube-proxy's chain " + svc.name() + " for " + port
            + " DNATs to " + (dnat.isEmpty() ? "nothing" : String.join(", ", dnat.keySet())) + ", but the Service's "
            + "ready endpoints are " + (ready.isEmpty() ? "none" : String.join(", ", ready)) + "."
            + (stale.isEmpty() ? "" : " Still DNATed though not ready: " + String.join(", ", stale)
                + " — connections sent there time out or are refused.")
            + (missing.isEmpty() ? "" : " Ready but never DNATed on this node: " + String.join(", ", missing) + ".")
            + " kube-proxy on " + n.name() + " has not applied the current endpoints: it is not running, cannot "
            + "reach the API server, or its iptables-restore fails.")
        .remedy("kubectl -n kube-system logs the kube-proxy pod on " + n.name() + " (look for sync errors and "
            + "\"Failed to execute iptables-restore\"); check its sync metrics; restarting it re-syncs every chain.")
        .build());
  }
}
