package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.node.CniState;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bridge ports with hairpin off for pods that back a Service: such a pod cannot reach itself through the Service,
 * because kube-proxy may DNAT its packet back to itself and the bridge will not send a frame out of the port it came
 * in on (seed 002 "Pod 無法通過 Service 訪問自己"; path-analysis §6 row 13).
 */
public final class NodeHairpinOff implements Check {
  static final CheckInfo INFO = new CheckInfo("node-hairpin-off", "Hairpin off for a Service backend",
      Severity.WARNING, Layer.CNI, "Finds bridge ports of Service-backing pods whose hairpin mode is off while the "
          + "kubelet expects hairpin traffic to work.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.LINKS)) {
      String mode = n.kubelet().hairpinMode().isEmpty() ? "promiscuous-bridge" : n.kubelet().hairpinMode();
      if (mode.equals("none")) continue; // the operator opted out of hairpin traffic
      for (PodJoin j : n.pods()) {
        Optional<NodeInterface> v = NodePods.hostVeth(n, j);
        if (v.isEmpty() || v.get().master().isEmpty() || !Boolean.FALSE.equals(v.get().hairpin())) continue;
        List<Service> services = ServiceBackends.backedBy(ctx.cluster(), j.podIP());
        if (services.isEmpty()) continue;
        out.add(finding(ctx, n, j, v.get(), services, mode));
      }
      if (n.pods().stream().anyMatch(j -> NodePods.hostVeth(n, j).map(i -> !i.master().isEmpty()
          && i.hairpin() == null).orElse(false))) {
        ctx.insufficient("node " + n.name() + ": bridge port hairpin mode not printed (bridge -d link not "
            + "collected)");
      }
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, PodJoin j, NodeInterface v,
      List<Service> services, String mode) {
    String who = j.podKey().isEmpty() ? "the pod at " + j.podIP() : "pod " + j.podKey();
    String svc = String.join(", ", services.stream().map(s -> s.meta().key()).toList());
    Optional<CniState.CniConf> conf = n.cni().active();
    String confSays = conf.map(c -> c.hairpinMode() == null ? " The CNI config " + c.file() + " does not set "
        + "hairpinMode, and the bridge plugin's default is false." : c.hairpinMode() ? " The CNI config " + c.file()
        + " asks for hairpinMode true, yet the port has it off: the sandbox predates the setting or the plugin did "
        + "not apply it." : " The CNI config " + c.file() + " sets hairpinMode false.").orElse("");
    var b = ctx.finding(j.podKey().isEmpty() ? new Subject("Interface", "", v.name(), n.name())
            : Subject.of("Pod", j.podNamespace(), j.podName()).onNode(n.name()),
            "Hairpin off on " + v.name() + " (" + (j.podKey().isEmpty() ? j.podIP() : j.podKey()) + ", backs "
                + svc + ") on node " + n.name())
        .evidence(ctx.evidence(v.ref(), "bridge port of " + v.master() + ", hairpin off"));
    services.forEach(s -> ServiceBackends.endpoint(ctx.cluster(), s, j.podIP())
        .ifPresent(a -> b.evidence(ctx.evidence(a.ref(), "endpoint of " + s.meta().key()))));
    conf.ifPresent(c -> b.evidence(ctx.evidence(c.ref(), "CNI config, hairpinMode " + c.hairpinMode())));
    if (!n.kubelet().ref().isNone()) b.evidence(ctx.evidence(n.kubelet().ref(), "kubelet hairpinMode " + mode));
    return b.explain(who + " on node " + n.name() + " backs " + svc + " and hangs off bridge " + v.master()
            + " through " + v.name() + ", whose hairpin mode is off. When it calls its own Service, kube-proxy can "
            + "pick it as the backend; the packet must then leave the bridge through the port it came in on, which "
            + "a bridge does only with hairpin on, so every connection kube-proxy sends back to the pod itself (one "
            + "in N for N endpoints) times out. The kubelet's hairpin mode is " + mode + (n.kubelet().hairpinMode().isEmpty()
            ? " (the default; not set in its config)" : "") + ", which expects hairpin traffic to work." + confSays)
        .remedy("Set \"hairpinMode\": true in the bridge plugin (or flannel delegate) config and recreate the pod; "
            + "to fix it in place: bridge link set dev " + v.name() + " hairpin on, or echo 1 > "
            + "/sys/class/net/" + v.master() + "/brif/" + v.name() + "/hairpin_mode on " + n.name() + ".")
        .build();
  }
}
