package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.Sysctls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bridge CNI on a node where bridged packets skip iptables: br_netfilter not loaded, or
 * {@code net.bridge.bridge-nf-call-iptables = 0}. Pod-to-pod traffic on the same bridge then bypasses kube-proxy's
 * DNAT, so a pod reaching a Service whose backend sits on the same node gets no reply (the reply is bridged straight
 * back without the reverse NAT).
 */
public final class NodeBridgeNfCallDisabled implements Check {
  static final CheckInfo INFO = new CheckInfo("node-bridge-nf-call-disabled",
      "Bridged pod traffic bypasses iptables", Severity.ERROR, Layer.INFRASTRUCTURE,
      "Finds nodes with a bridge CNI where br_netfilter is missing or net.bridge.bridge-nf-call-iptables is 0.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.SYSCTL)) {
      Optional<NodeInterface> bridge = podBridge(n);
      if (bridge.isEmpty()) continue; // not a bridge CNI: nothing is bridged between pods
      Optional<Sysctls.Sysctl> s = n.sysctls().bridgeNfCallIptables();
      if (s.isPresent()) {
        Long v = s.get().number();
        if (v == null || v != 0) continue;
        out.add(ctx.finding(Subject.node(n.name()), "bridge-nf-call-iptables is 0 on node " + n.name())
            .evidence(ctx.evidence(s.get().ref(), "net.bridge.bridge-nf-call-iptables = 0"))
            .evidence(ctx.evidence(bridge.get().ref(), "pods are bridged on " + bridge.get().name()))
            .explain(explain(n, bridge.get(), "net.bridge.bridge-nf-call-iptables = 0"))
            .remedy(remedy(n)).build());
        continue;
      }
      SourceRef where = n.kernel().module("bridge").map(m -> m.ref()).orElse(SourceRef.NONE);
      out.add(ctx.finding(Subject.node(n.name()), "br_netfilter is not loaded on node " + n.name())
          .evidence(ctx.evidence(where.isNone() ? sysctlFile(n) : where,
              "no net.bridge.bridge-nf-call-iptables key: br_netfilter is not loaded"))
          .evidence(ctx.evidence(bridge.get().ref(), "pods are bridged on " + bridge.get().name()))
          .explain(explain(n, bridge.get(), "no br_netfilter module (sysctl -a has no net.bridge.* keys)"))
          .remedy("modprobe br_netfilter on " + n.name() + " and load it at boot (/etc/modules-load.d/k8s.conf), "
              + "then " + remedy(n)).build());
    }
    return out;
  }

  /** The sysctl file as a whole: the finding is about a key it lacks. */
  private static SourceRef sysctlFile(NodeDataplane n) {
    return new SourceRef(n.sysctls().values().values().iterator().next().ref().file(), 0, "");
  }

  /** The bridge pods hang off: the CNI config's bridge, else a bridge with veth ports. */
  private static Optional<NodeInterface> podBridge(NodeDataplane n) {
    String name = n.cni().active().map(c -> c.bridge()).orElse("");
    if (!name.isEmpty()) {
      Optional<NodeInterface> i = n.iface(name);
      if (i.isPresent()) return i;
    }
    return n.interfaces().stream().filter(NodeInterface::isBridge).filter(b -> !b.name().startsWith("docker"))
        .filter(b -> n.interfaces().stream().anyMatch(v -> v.isVeth() && v.master().equals(b.name()))).findFirst();
  }

  private static String explain(NodeDataplane n, NodeInterface bridge, String what) {
    return "Node " + n.name() + " puts pods on the Linux bridge " + bridge.name() + " but has " + what + ", so "
        + "packets bridged between its pods never traverse iptables. A pod that reaches a Service whose chosen "
        + "backend runs on the same node is DNATed on the way out, but the reply is bridged straight back without "
        + "the reverse NAT and is dropped by the client: Services work from other nodes and fail from this one. "
        + "NetworkPolicy enforced with iptables is skipped the same way.";
  }

  private static String remedy(NodeDataplane n) {
    return "sysctl -w net.bridge.bridge-nf-call-iptables=1 (and ip6tables) on " + n.name()
        + ", persisted in /etc/sysctl.d/; kubeadm's preflight checks require both.";
  }
}
