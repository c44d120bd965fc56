package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.PodNetns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Overlay MTUs that do not fit: a tunnel device larger than its underlay minus the encapsulation overhead, or a pod
 * (its eth0, or its host veth) larger than the tunnel its traffic to other nodes takes (path-analysis §6 row 22).
 */
public final class NodeMtuMismatch implements Check {
  static final CheckInfo INFO = new CheckInfo("node-mtu-mismatch", "Overlay MTU mismatch", Severity.ERROR,
      Layer.CNI, "Finds tunnel devices larger than underlay MTU minus encapsulation overhead, and pods or veths "
          + "larger than the tunnel.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.LINKS)) {
      List<NodeInterface> tunnels = Underlay.overlays(n);
      for (NodeInterface t : tunnels) {
        Optional<NodeInterface> u = Underlay.of(n, t);
        if (u.isEmpty() || u.get().mtu() <= 0) {
          ctx.insufficient("node " + n.name() + ": no underlay device found for " + t.name());
          continue;
        }
        int fit = u.get().mtu() - Underlay.overhead(t);
        if (t.mtu() > fit) out.add(tunnelTooBig(ctx, n, t, u.get(), fit));
      }
      Optional<NodeInterface> tunnel = tunnels.stream().min(Comparator.comparingInt(NodeInterface::mtu));
      if (tunnel.isEmpty()) continue;
      for (PodJoin j : n.pods()) {
        if (j.netns().isEmpty() && j.podIP().isEmpty()) continue; // not known to be a pod's
        if (NodePods.hostVeth(n, j).filter(v -> !NodePods.leavesHost(v)).isPresent()) continue;
        Optional<PodNetns> ns = n.netns().stream().filter(x -> x.name().equals(j.netns()) && !j.netns().isEmpty())
            .findFirst();
        Optional<NodeInterface> veth = NodePods.hostVeth(n, j);
        int podMtu = ns.map(PodNetns::eth0Mtu).orElse(0);
        int vethMtu = veth.map(NodeInterface::mtu).orElse(0);
        if (podMtu <= tunnel.get().mtu() && vethMtu <= tunnel.get().mtu()) continue;
        out.add(podTooBig(ctx, n, j, ns, veth, tunnel.get()));
      }
    }
    return out;
  }

  private static Finding tunnelTooBig(CheckContext ctx, NodeDataplane n, NodeInterface t, NodeInterface u, int fit) {
    return ctx.finding(new Subject("Interface", "", t.name(), n.name()), "Tunnel " + t.name() + " MTU " + t.mtu()
            + " exceeds " + u.name() + " MTU " + u.mtu() + " minus " + Underlay.overhead(t) + " on node " + n.name())
        .evidence(ctx.evidence(t.ref(), t.kind() + " device, mtu " + t.mtu()))
        .evidence(ctx.evidence(u.ref(), "underlay, mtu " + u.mtu()))
        .explain("On node " + n.name() + " the " + t.kind() + " device " + t.name() + " has MTU " + t.mtu() + ", but "
            + "it encapsulates into " + u.name() + " (MTU " + u.mtu() + "), and " + t.kind() + " adds "
            + Underlay.overhead(t) + " bytes: only " + fit + " bytes fit. Encapsulated packets between " + (fit + 1)
            + " and " + t.mtu() + " bytes exceed the underlay and are dropped or fragmented; small requests work "
            + "while large responses, TLS handshakes with certificates and bulk transfers between nodes hang.")
        .remedy("Set the CNI's MTU to at most " + fit + " (flannel: net-conf.json / FLANNEL_MTU follows the "
            + "underlay; Calico: veth_mtu / FelixConfiguration; Cilium: --mtu), restart its agent on " + n.name()
            + " and recreate pods so their eth0 takes the new value.")
        .build();
  }

  private static Finding podTooBig(CheckContext ctx, NodeDataplane n, PodJoin j, Optional<PodNetns> ns,
      Optional<NodeInterface> veth, NodeInterface t) {
    String who = j.podKey().isEmpty() ? (j.podIP().isEmpty() ? "namespace " + j.netns() : "pod at " + j.podIP())
        : "pod " + j.podKey();
    int podMtu = ns.map(PodNetns::eth0Mtu).orElse(0);
    int vethMtu = veth.map(NodeInterface::mtu).orElse(0);
    Subject subject = j.podKey().isEmpty() ? new Subject("Interface", "", veth.map(NodeInterface::name)
        .orElse(j.netns()), n.name()) : Subject.of("Pod", j.podNamespace(), j.podName()).onNode(n.name());
    var b = ctx.finding(subject, capital(who) + " MTU " + Math.max(podMtu, vethMtu) + " exceeds tunnel "
        + t.name() + " MTU " + t.mtu() + " on node " + n.name());
    if (podMtu > 0) b.evidence(ctx.evidence(ns.get().eth0Ref(), "pod eth0, mtu " + podMtu));
    veth.filter(v -> v.mtu() > t.mtu() || podMtu == 0).ifPresent(v -> b.evidence(ctx.evidence(v.ref(),
        "host veth, mtu " + v.mtu())));
    b.evidence(ctx.evidence(t.ref(), "tunnel, mtu " + t.mtu()));
    n.cni().flannelLease().filter(f -> f.mtu() > 0).ifPresent(f -> b.evidence(ctx.evidence(
        new dev.packetwalk.model.SourceRef(f.ref().file(), 0, ""), "FLANNEL_MTU=" + f.mtu())));
    return b.explain(capital(who) + " on node " + n.name() + " sends with MTU " + Math.max(podMtu, vethMtu)
            + (podMtu > 0 ? " (eth0 " + podMtu + (vethMtu > 0 ? ", host veth " + vethMtu : "") + ")" : "")
            + ", but its traffic to other nodes leaves through " + t.name() + " with MTU " + t.mtu() + ". Packets "
            + "larger than " + t.mtu() + " bytes rely on ICMP \"fragmentation needed\" getting back to the pod; "
            + "where that is filtered or ignored, large transfers between nodes stall (a TCP connection opens, "
            + "then hangs on the first full-size segment) while everything on one node works.")
        .remedy("Give pods the tunnel's MTU: set the CNI's mtu (flannel's bridge delegate takes FLANNEL_MTU; Calico "
            + "veth_mtu; Cilium --mtu) and recreate the pods on " + n.name() + "; ip link set dev <veth> mtu "
            + t.mtu() + " only until then.")
        .build();
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
