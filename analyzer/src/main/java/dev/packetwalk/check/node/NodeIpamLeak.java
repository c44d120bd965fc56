package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.node.CniState;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.PodNetns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * host-local IPAM allocations ({@code /var/lib/cni/networks/<net>/<ip>}) whose address no pod of the node holds:
 * addresses leaked by sandboxes torn down without CNI DEL (seed 002: 258 allocation files for 7 running pods).
 */
public final class NodeIpamLeak implements Check {
  static final CheckInfo INFO = new CheckInfo("node-ipam-leak", "Leaked IPAM addresses", Severity.WARNING,
      Layer.CNI, "Finds host-local IPAM allocations on a node whose address belongs to no pod there.");
  private static final int CITED = 10;

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.PODS)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.IPAM)) {
      Set<String> held = held(ctx.cluster(), n);
      for (Map.Entry<String, List<CniState.IpamAllocation>> e : IpamPools.byNetwork(n).entrySet()) {
        List<CniState.IpamAllocation> leaked = e.getValue().stream().filter(a -> !held.contains(a.ip())).toList();
        if (leaked.isEmpty()) continue;
        out.add(finding(ctx, n, e.getKey(), e.getValue().size(), leaked, held.size()));
      }
    }
    return out;
  }

  /** Addresses in use on the node: of its non-finished pods, and of the pod namespaces still present. */
  private static Set<String> held(Cluster cluster, NodeDataplane n) {
    Set<String> out = new TreeSet<>();
    for (Pod p : cluster.pods()) {
      if (p.terminal() || p.hostNetwork() || !p.nodeName().equals(n.name())) continue;
      if (!p.podIP().isEmpty()) out.add(p.podIP());
      out.addAll(p.podIPs());
    }
    for (PodNetns ns : n.netns()) out.addAll(ns.addresses());
    return out;
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, String network, int total,
      List<CniState.IpamAllocation> leaked, int held) {
    var b = ctx.finding(new Subject("CniNetwork", "", network, n.name()), leaked.size() + " of " + total
        + " IPAM allocations of network " + network + " on node " + n.name() + " belong to no pod");
    leaked.stream().limit(CITED).forEach(a -> b.evidence(ctx.evidence(a.ref(), "held for container "
        + abbreviate(a.containerId()) + "; no pod has " + a.ip())));
    String dir = "/var/lib/cni/networks/" + network;
    return b.explain("host-local IPAM on node " + n.name() + " holds " + total + " address(es) in " + dir + ", but "
            + "only " + held + " address(es) are in use by the node's pods and pod namespaces; " + leaked.size()
            + " allocation(s) (" + String.join(", ", leaked.stream().limit(CITED).map(CniState.IpamAllocation::ip)
                .toList()) + (leaked.size() > CITED ? ", …" : "") + ") belong to no pod. Sandboxes removed without "
            + "a CNI DEL (a crashed runtime, pods recreated faster than the kubelet garbage-collects, a plugin "
            + "bug) leave these files behind, and once they fill the range new pods stay ContainerCreating with "
            + "\"no IP addresses available\" (seed 002; see node-ipam-exhaustion).")
        .remedy("On " + n.name() + ": compare ls " + dir + " with kubectl get pods -A -o wide --field-selector "
            + "spec.nodeName=" + n.name() + ". With the kubelet stopped, delete the files of addresses no pod "
            + "uses (and their veths and namespaces, see node-orphan-veth), then start it again; speed up "
            + "container garbage collection if pods churn (seed 002).")
        .build();
  }

  static String abbreviate(String id) {
    return id == null || id.isEmpty() ? "(unknown)" : id.length() > 12 ? id.substring(0, 12) : id;
  }
}
