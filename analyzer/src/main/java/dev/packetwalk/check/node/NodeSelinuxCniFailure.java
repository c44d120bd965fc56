package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.cni.NetworkDaemons;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.ContainerLog;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * SELinux enforcing on a node whose CNI daemon pod fails: the install-cni step cannot write /etc/cni/net.d or
 * /opt/cni/bin ("cp: can't create '/etc/cni/net.d/10-flannel.conflist': Permission denied", seed 002).
 */
public final class NodeSelinuxCniFailure implements Check {
  static final CheckInfo INFO = new CheckInfo("node-selinux-cni-failure", "SELinux blocks the CNI daemon",
      Severity.ERROR, Layer.INFRASTRUCTURE, "Finds nodes with SELinux enforcing whose CNI daemon pod is failing or "
          + "logs Permission denied on /etc/cni/net.d or /opt/cni/bin.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.PODS)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.SELINUX)) {
      if (!n.kernel().selinux().equalsIgnoreCase("Enforcing")) continue;
      List<Pod> daemons = ctx.cluster().pods().stream().filter(p -> p.nodeName().equals(n.name()) && !p.terminal())
          .filter(p -> NetworkDaemons.of(p).filter(NetworkDaemons.Daemon::isCni).isPresent())
          .sorted(Comparator.comparing(p -> p.meta().key())).toList();
      for (Pod p : daemons) {
        Optional<Evidence> denied = denied(ctx, p);
        boolean failing = !p.running() || !p.ready();
        if (!failing && denied.isEmpty()) continue;
        var b = ctx.finding(Subject.of("Pod", p.meta().namespace(), p.meta().name()).onNode(n.name()),
                "SELinux enforcing on node " + n.name() + " and CNI daemon " + p.meta().key() + " "
                    + (denied.isPresent() ? "is denied access to the CNI directories" : "is " + p.displayStatus()))
            .evidence(ctx.evidence(n.kernel().selinuxRef(), "SELinux " + n.kernel().selinux()))
            .evidence(ctx.evidence(p.meta().ref(), p.displayStatus()));
        denied.ifPresent(b::evidence);
        out.add(b.explain("Node " + n.name() + " runs SELinux in enforcing mode and the CNI daemon pod "
                + p.meta().key() + " there " + (failing ? "is not Running and Ready (" + p.displayStatus() + ")" : "runs")
                + (denied.isPresent() ? " and its log shows \"Permission denied\" on the CNI directories" : "")
                + ". The CNI daemon's install step copies its config into /etc/cni/net.d and its binaries into "
                + "/opt/cni/bin; with SELinux denying the container those host paths it fails (seed 002: \"cp: "
                + "can't create '/etc/cni/net.d/10-flannel.conflist': Permission denied\"), the node gets no "
                + "CNI config and new pods there cannot be networked. The cluster-level network-daemon-not-running "
                + "finding reports the same pod; this one names SELinux as the likely cause"
                + (denied.isPresent() ? "." : ", to be confirmed in its logs."))
            .remedy("On " + n.name() + ": getenforce, and ausearch -m avc -ts recent | grep -e cni -e net.d. Prefer "
                + "relabelling (chcon -Rt container_file_t /etc/cni/net.d /opt/cni/bin, or the CNI's SELinux "
                + "options / privileged init container) over setenforce 0 or SELINUX=disabled in /etc/selinux/config, "
                + "which seed 002 gives as the quick fix.")
            .build());
      }
    }
    return out;
  }

  /** The first log line of the pod with "Permission denied" on /etc/cni/net.d or /opt/cni/bin. */
  private static Optional<Evidence> denied(CheckContext ctx, Pod p) {
    for (ContainerLog log : ctx.cluster().logsOf(p.meta().namespace(), p.meta().name())) {
      for (int i = 0; i < log.lines().size(); i++) {
        String l = log.lines().get(i);
        if (l.contains("Permission denied") && (l.contains("/etc/cni/net.d") || l.contains("/opt/cni/bin"))) {
          return Optional.of(ctx.logLine(log, i + 1, "container " + log.container() + (log.previous()
              ? " (previous)" : "")));
        }
      }
    }
    return Optional.empty();
  }
}
