package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Host veths that lead into another namespace but belong to no pod of the cluster: leaked interfaces. */
public final class NodeOrphanVeth implements Check {
  static final CheckInfo INFO = new CheckInfo("node-orphan-veth", "Host veth without a pod", Severity.WARNING,
      Layer.CNI, "Finds host veths that the node's pod joins tie to no Kubernetes pod (leaked by a torn-down "
          + "sandbox).");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.PODS)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.LINKS, NodeEvidence.ROUTES)) {
      boolean canJoinAll = n.has(NodeEvidence.NETNS) || NodePods.routesPerPod(n);
      for (PodJoin j : n.pods()) {
        if (!j.podKey().isEmpty() || j.hostInterface().isEmpty()) continue;
        Optional<NodeInterface> v = NodePods.hostVeth(n, j);
        if (v.isEmpty() || !NodePods.leavesHost(v.get()) || carriesNodeAddress(n, v.get())) continue;
        if (j.netns().isEmpty() && j.podIP().isEmpty() && !canJoinAll) {
          ctx.insufficient("node " + n.name() + ": veth " + v.get().name() + " could not be tied to a pod: no pod "
              + "namespaces (netns/) collected and the CNI routes pods through a bridge");
          continue;
        }
        out.add(finding(ctx, n, j, v.get()));
      }
    }
    return out;
  }

  /**
   * A veth holding one of the node's own global addresses is the node's link to its network (kind nodes, nodes that
   * are themselves namespaces or containers), not a pod's.
   */
  private static boolean carriesNodeAddress(NodeDataplane n, NodeInterface v) {
    return n.addresses().stream().anyMatch(a -> a.iface().equals(v.name()) && a.scope().equals("global"));
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, PodJoin j, NodeInterface v) {
    String seen = !j.netns().isEmpty() ? "its peer is eth0 of namespace " + j.netns()
        + (j.podIP().isEmpty() ? "" : " (address " + j.podIP() + ")") + ", which no pod of the cluster owns"
        : !j.podIP().isEmpty() ? "the node still routes " + j.podIP() + " to it, an address no pod of the cluster has"
        : "no pod namespace collected from the node leads to it and no route names a pod address on it";
    var b = ctx.finding(new Subject("Interface", "", v.name(), n.name()), "Host veth " + v.name() + " on node "
            + n.name() + " belongs to no pod")
        .explain("Host veth " + v.name() + " on node " + n.name() + (v.master().isEmpty() ? "" : " (port of "
            + v.master() + ")") + " leads into another namespace, but " + seen + ". A sandbox torn down without "
            + "its CNI DEL leaves such veths, their IPAM addresses and routes behind; a later pod that is given the "
            + "same address can then lose traffic to the stale route or the stale bridge FDB entry.")
        .remedy("On " + n.name() + ": ip -d link show " + v.name() + " and crictl pods to confirm no sandbox uses "
            + "it; then ip link delete " + v.name() + ", and release its address from /var/lib/cni/networks/ if "
            + "host-local IPAM holds it (see node-ipam-leak).");
    b.evidence(ctx.evidence(v.ref(), "veth with no pod"));
    j.refs().stream().filter(r -> !r.equals(v.ref())).forEach(r -> b.evidence(ctx.evidence(r, "")));
    return b.build();
  }
}
