package dev.packetwalk.check.cni;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.cni.NetworkDaemons.Daemon;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes without spec.podCIDR(s). Flannel, kube-router, kubenet-style bridges and similar take pod addresses from it,
 * so a node without one cannot run pods; Calico, Cilium (cluster-pool), Weave and cloud CNIs do not need it.
 */
public final class NodeNoPodCidr implements Check {
  static final CheckInfo INFO = new CheckInfo("node-no-pod-cidr", "Node without a pod CIDR", Severity.ERROR,
      Layer.CNI, "Finds nodes without spec.podCIDR when the CNI takes pod addresses from it or other nodes have one.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.NODES)) return List.of();
    Cluster cluster = ctx.cluster();
    List<Daemon> cnis = NetworkDaemons.cnis(cluster);
    boolean needs = cnis.stream().anyMatch(Daemon::usesNodePodCidr);
    boolean known = !cnis.isEmpty();
    List<Node> with = cluster.nodes().stream().filter(n -> !n.allPodCIDRs().isEmpty()).toList();
    List<Finding> out = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      if (!n.allPodCIDRs().isEmpty()) continue;
      if (!needs && with.isEmpty()) continue; // nobody has one and nothing needs one: the CNI does its own IPAM
      String name = n.meta().name();
      String others = with.isEmpty() ? "no node has one" : with.size() + " other node(s) have one (e.g. "
          + with.get(0).meta().name() + ": " + with.get(0).allPodCIDRs().get(0) + ")";
      var f = ctx.finding(Subject.node(name), "Node " + name + " has no pod CIDR")
          .evidence(ctx.evidence(n.podCIDRRef(), "node spec without podCIDR"));
      if (!with.isEmpty()) f.evidence(ctx.evidence(with.get(0).podCIDRRef(), "podCIDR of another node"));
      if (needs) {
        out.add(f.explain("Node " + name + " has no spec.podCIDR, while " + others + ". The cluster runs "
                + NetworkDaemons.describe(cnis) + ", which takes pod addresses from the node's podCIDR: its"
                + " daemon on " + name + " cannot start (flannel: \"pod cidr not assigned\") and pods there get"
                + " no address.")
            .remedy("Check kube-controller-manager --allocate-node-cidrs=true and --cluster-cidr (large enough"
                + " for all nodes; a CIDRNotAvailable event says it ran out), or set spec.podCIDR on the node"
                + " before it joins.").build());
      } else if (known) {
        out.add(f.severity(Severity.INFO).explain("Node " + name + " has no spec.podCIDR while " + others
                + ". The cluster runs " + NetworkDaemons.describe(cnis) + ", whose IPAM does not use node pod"
                + " CIDRs, so this is normal unless the CNI was configured to use them.")
            .remedy("Nothing to do unless the CNI is configured for node podCIDRs (e.g. Calico host-local IPAM"
                + " with usePodCidr, Cilium ipam: kubernetes).").build());
      } else {
        out.add(f.explain("Node " + name + " has no spec.podCIDR while " + others + ". The CNI could not be"
                + " identified; if it takes pod addresses from the node (flannel, kubenet, bridge with host-local)"
                + " pods on " + name + " get no address.")
            .remedy("Check kube-controller-manager --allocate-node-cidrs and --cluster-cidr, and events with reason"
                + " CIDRNotAvailable.").build());
      }
    }
    return out;
  }
}
