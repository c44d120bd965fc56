package dev.packetwalk.check.node;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The node's pods as the checks see them: the running pods the cluster schedules there, and for each the
 * {@link PodJoin} the node builder made (the same joins the report's veth ↔ pod table shows; nothing is re-joined
 * here).
 */
final class NodePods {
  private NodePods() {}

  /** Running pods on the pod network (not hostNetwork) scheduled on the node, by namespace/name. */
  static List<Pod> running(Cluster cluster, String node) {
    return cluster.pods().stream().filter(p -> p.nodeName().equals(node) && p.running() && !p.hostNetwork())
        .sorted(Comparator.comparing(p -> p.meta().key())).toList();
  }

  /** The join of a pod: by its namespace/name, else by its IP. */
  static Optional<PodJoin> join(NodeDataplane n, Pod pod) {
    String key = pod.meta().key();
    return n.pods().stream().filter(j -> j.podKey().equals(key)).findFirst()
        .or(() -> n.pods().stream().filter(j -> !j.podIP().isEmpty() && (j.podIP().equals(pod.podIP())
            || pod.podIPs().contains(j.podIP()))).findFirst());
  }

  /** The host interface of a join, when it has one. */
  static Optional<NodeInterface> hostVeth(NodeDataplane n, PodJoin j) {
    if (j.hostInterface().isEmpty()) return Optional.empty();
    return j.hostIfindex() > 0 ? n.ifaceByIndex(j.hostIfindex()) : n.iface(j.hostInterface());
  }

  /**
   * Whether a host veth leads out of the host namespace, i.e. can be a pod's: its peer is printed as {@code @ifN}
   * (in another namespace). A veth whose peer is named ({@code ens3@ens3-peer}, {@code cilium_net@cilium_host})
   * is a pair inside the host.
   */
  static boolean leavesHost(NodeInterface i) {
    return i.isVeth() && (i.peerIfindex() > 0 || i.linkNetnsid() >= 0);
  }

  /** Whether the CNI gives each pod a {@code <podIP>/32 dev <veth>} route (Calico, Cilium endpoint routes, AWS). */
  static boolean routesPerPod(NodeDataplane n) {
    return n.mainRoutes().stream().anyMatch(r -> (r.prefix().endsWith("/32") || r.prefix().endsWith("/128"))
        && n.iface(r.dev()).map(NodeInterface::isVeth).orElse(false));
  }
}
