package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.kubeproxy.KubeProxyMode.Mode;
import dev.packetwalk.check.kubeproxy.KubeProxyPrograms.Programmed;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NodeDataplane;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A Service port that kube-proxy sends to endpoints other than the Service's ready ones: a kube-proxy that stopped
 * syncing keeps sending traffic to pods that are gone, and never to new ones. Works in the three modes: the
 * {@code KUBE-SVC} chain (found by its recomputed name, so without comments too) and its {@code KUBE-SEP} DNATs, the
 * nftables {@code service-…} chain and its {@code endpoint-…} dnats, the IPVS virtual server and its real servers.
 */
public final class KubeProxyStaleEndpoint implements Check {
  static final CheckInfo INFO = new CheckInfo("kube-proxy-stale-endpoint", "kube-proxy DNATs to stale endpoints",
      Severity.ERROR, Layer.KUBERNETES,
      "Finds Service ports whose kube-proxy DNAT targets (iptables, nftables or IPVS) differ from the Service's ready "
          + "endpoints.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (KubeProxyNodes.ServicePortOnNode sp : KubeProxyNodes.servicePorts(ctx)) {
      KubeProxyPrograms.find(sp.node(), sp.mode(), sp.service(), sp.port()).filter(Programmed::targetsKnown)
          .flatMap(prog -> compare(ctx, sp.node(), sp.mode(), sp.service(), sp.port(), prog)).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<Finding> compare(CheckContext ctx, NodeDataplane n, Mode mode, Service s, ServicePort p,
      Programmed prog) {
    TreeSet<String> ready = KubeProxyChains.readyEndpoints(ctx.cluster(), s, p);
    TreeSet<String> stale = new TreeSet<>(prog.targets().keySet());
    stale.removeAll(ready);
    TreeSet<String> missing = new TreeSet<>(ready);
    missing.removeAll(prog.targets().keySet());
    if (stale.isEmpty() && missing.isEmpty()) return Optional.empty();
    String port = KubeProxyChains.portName(s, p);
    var f = ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()).onNode(n.name()),
        "kube-proxy on " + n.name() + " is out of date for " + port);
    for (String ep : stale) {
      KubeProxyPrograms.Target t = prog.targets().get(ep);
      f.evidence(ctx.evidence(t.ref(), "sends to " + ep + ", not a ready endpoint; " + t.note()));
    }
    f.evidence(ctx.evidence(prog.ref(), prog.how() + " = " + port + " " + p.protocol()));
    f.evidence(ctx.evidence(p.ref() == null ? s.meta().ref() : p.ref(), "the Service port"));
    String sends = prog.targets().isEmpty() ? "nothing" : String.join(", ", prog.targets().keySet());
    return Optional.of(f.explain("On node " + n.name() + " (kube-proxy " + mode.word() + " mode), " + prog.how()
            + " for " + port + " sends to " + sends + ", but the Service's ready endpoints are "
            + (ready.isEmpty() ? "none" : String.join(", ", ready)) + "."
            + (stale.isEmpty() ? "" : " Still DNATed though not ready: " + String.join(", ", stale)
                + " — connections sent there time out or are refused.")
            + (missing.isEmpty() ? "" : " Ready but never DNATed on this node: " + String.join(", ", missing) + ".")
            + " kube-proxy on " + n.name() + " has not applied the current endpoints: it is not running, cannot "
            + "reach the API server, or its " + restoreTool(mode) + " fails.")
        .remedy("kubectl -n kube-system logs the kube-proxy pod on " + n.name() + " (look for sync errors and \""
            + restoreTool(mode) + "\" failures); check its sync metrics; restarting it re-syncs every rule.")
        .build());
  }

  private static String restoreTool(Mode mode) {
    return switch (mode) {
      case IPTABLES -> "iptables-restore";
      case NFTABLES -> "nft transaction";
      case IPVS -> "IPVS/ipset update";
    };
  }
}
