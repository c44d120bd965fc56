package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.node.CniState;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * host-local IPAM with (nearly) every address of its range allocated: the next pod on the node gets "no IP
 * addresses available in range set" and stays ContainerCreating (seed 002 "Pod 無法分配 IP").
 */
public final class NodeIpamExhaustion implements Check {
  static final CheckInfo INFO = new CheckInfo("node-ipam-exhaustion", "IPAM range exhausted on a node",
      Severity.CRITICAL, Layer.CNI, "Finds host-local IPAM networks on a node with at least 95% of their range "
          + "allocated.");
  static final double THRESHOLD = 0.95;

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.IPAM)) {
      for (Map.Entry<String, List<CniState.IpamAllocation>> e : IpamPools.byNetwork(n).entrySet()) {
        Optional<IpamPools.Range> r = IpamPools.range(n, ctx.cluster(), e.getKey());
        if (r.isEmpty() || r.get().usable() <= 0) {
          ctx.insufficient("node " + n.name() + ": no range known for IPAM network " + e.getKey() + " (no ipam "
              + "subnet in the CNI config, no flannel subnet.env, no node podCIDR)");
          continue;
        }
        int used = e.getValue().size();
        if (used < THRESHOLD * r.get().usable()) continue;
        out.add(finding(ctx, n, e.getKey(), e.getValue(), r.get()));
      }
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, String network,
      List<CniState.IpamAllocation> allocations, IpamPools.Range r) {
    String dir = "/var/lib/cni/networks/" + network;
    return ctx.finding(new Subject("CniNetwork", "", network, n.name()), "IPAM network " + network + " on node "
            + n.name() + ": " + allocations.size() + " of " + r.usable() + " addresses allocated")
        .evidence(ctx.evidence(r.ref(), "range " + String.join(", ", r.subnets()) + " (" + r.source() + ")"))
        .evidence(ctx.evidence(allocations.get(allocations.size() - 1).ref(), allocations.size() + " allocation "
            + "files in " + dir))
        .explain("host-local IPAM on node " + n.name() + " draws network " + network + " from " + String.join(", ",
            r.subnets()) + " (" + r.source() + "), which has " + r.usable() + " assignable addresses (network, "
            + "broadcast and gateway excluded); " + allocations.size() + " are allocated. The next sandbox on the "
            + "node fails with \"no IP addresses available in range set\" and its pod stays ContainerCreating "
            + "(seed 002). When far fewer pods run there, the allocations are leaked: see node-ipam-leak; the "
            + "cluster-level cni-ipam-exhausted finding shows the failing sandboxes' events.")
        .remedy("Compare ls " + dir + " | wc -l with the pods on " + n.name() + "; release leaked addresses (stop "
            + "the kubelet, delete the files of addresses no pod uses, start it). If the pods are real, the node "
            + "needs a larger podCIDR (kube-controller-manager --node-cidr-mask-size) or fewer pods (maxPods).")
        .build();
  }
}
