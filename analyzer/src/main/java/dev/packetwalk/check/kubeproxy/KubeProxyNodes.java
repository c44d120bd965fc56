package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.CheckContext;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.check.kubeproxy.KubeProxyMode.Mode;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The nodes whose kube-proxy state a check can read, with the reasons for the others recorded on the context. */
final class KubeProxyNodes {
  private KubeProxyNodes() {}

  /** Nodes with iptables, nft or IPVS evidence; INSUFFICIENT_INFO when none has any. */
  static List<NodeDataplane> withRules(CheckContext ctx) {
    List<NodeDataplane> out = ctx.nodes().all().stream().filter(n -> n.has(NodeEvidence.IPTABLES)
        || n.has(NodeEvidence.NFT) || n.has(NodeEvidence.IPVS)).toList();
    if (out.isEmpty()) {
      ctx.insufficient(ctx.nodes().isEmpty() ? "no node evidence (nodes/<node>/…): run packetwalk-node on the nodes"
          : "no node has iptables, nft or IPVS evidence");
    }
    return out;
  }

  /** The node's active mode; when it cannot be told, a reason is recorded. */
  static Optional<Mode> mode(CheckContext ctx, NodeDataplane n) {
    Optional<Mode> m = KubeProxyMode.active(n, ctx.cluster());
    if (m.isEmpty()) {
      var present = KubeProxyMode.present(n).keySet();
      ctx.insufficient("node " + n.name() + ": " + (present.isEmpty()
          ? "no kube-proxy rules in any mode (kube-proxy not running, or replaced by the CNI)"
          : "rules of several kube-proxy modes (" + present.stream().map(Mode::word)
              .collect(Collectors.joining(", ")) + ") and no kube-proxy ConfigMap saying which is in use"));
    }
    return m;
  }

  /** One Service port as one node's kube-proxy should program it. */
  record ServicePortOnNode(NodeDataplane node, Mode mode, Service service, ServicePort port) {}

  /**
   * Every Service port on every node whose kube-proxy mode is known, in model order. Empty, with the reason recorded,
   * when Services or their endpoints were not collected: without them, desired state cannot be compared to actual.
   */
  static List<ServicePortOnNode> servicePorts(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES)) return List.of();
    if (!KubeProxyChains.endpointsKnown(ctx.cluster())) {
      ctx.insufficient("not collected: endpoints or endpointslices");
      return List.of();
    }
    List<ServicePortOnNode> out = new ArrayList<>();
    for (NodeDataplane n : withRules(ctx)) {
      Optional<Mode> mode = mode(ctx, n);
      if (mode.isEmpty()) continue;
      for (Service s : ctx.cluster().services()) {
        for (ServicePort p : s.ports()) out.add(new ServicePortOnNode(n, mode.get(), s, p));
      }
    }
    return out;
  }
}
