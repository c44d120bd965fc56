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
import dev.packetwalk.model.node.Sysctls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code net.ipv4.ip_forward = 0}: the node routes nothing, so no pod traffic leaves or enters it through a pod. */
public final class NodeIpForwardDisabled implements Check {
  static final CheckInfo INFO = new CheckInfo("node-ip-forward-disabled", "IP forwarding disabled on a node",
      Severity.CRITICAL, Layer.INFRASTRUCTURE, "Finds nodes whose sysctl net.ipv4.ip_forward is 0.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.SYSCTL)) {
      Optional<Sysctls.Sysctl> s = n.sysctls().ipForward();
      if (s.isEmpty()) {
        ctx.insufficient("node " + n.name() + ": sysctl.txt has no net.ipv4.ip_forward");
        continue;
      }
      Long v = s.get().number();
      if (v == null || v != 0) continue;
      out.add(ctx.finding(Subject.node(n.name()), "IP forwarding is off on node " + n.name())
          .evidence(ctx.evidence(s.get().ref(), "net.ipv4.ip_forward = 0"))
          .explain("Node " + n.name() + " has net.ipv4.ip_forward = 0, so its kernel forwards no packet between "
              + "interfaces. Pods on it cannot reach other nodes, Services backed elsewhere or the outside, and "
              + "nothing can reach its pods from outside the node; only traffic between pods on the same bridge "
              + "still works.")
          .remedy("sysctl -w net.ipv4.ip_forward=1 on " + n.name() + ", and make it persistent (/etc/sysctl.d/"
              + "99-kubernetes.conf with net.ipv4.ip_forward = 1); look for what reset it (a hardening profile, "
              + "a network manager, a sysctl file applied after the CNI started).")
          .build());
    }
    return out;
  }
}
