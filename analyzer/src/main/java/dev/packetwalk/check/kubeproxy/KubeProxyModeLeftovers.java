package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.kubeproxy.KubeProxyMode.Configured;
import dev.packetwalk.check.kubeproxy.KubeProxyMode.Mode;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.NodeDataplane;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Rules of more than one kube-proxy mode on a node: {@code KUBE-SVC} chains on an IPVS or nftables node, IPVS virtual
 * servers on an iptables node, {@code table ip kube-proxy} beside a populated iptables mode. kube-proxy cleans up
 * the other modes only when started with {@code --cleanup} (or, since 1.28, partly at start-up); leftovers keep
 * DNATing to endpoints of the day the mode changed, and whichever hook runs first wins.
 */
public final class KubeProxyModeLeftovers implements Check {
  static final CheckInfo INFO = new CheckInfo("kube-proxy-mode-leftovers", "Rules of another kube-proxy mode left behind",
      Severity.WARNING, Layer.KUBERNETES,
      "Finds nodes holding the rules of more than one kube-proxy mode (iptables, nftables, IPVS), or rules of a mode "
          + "other than the configured one.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    Optional<Configured> conf = KubeProxyMode.configured(ctx.cluster());
    for (NodeDataplane n : KubeProxyNodes.withRules(ctx)) {
      Map<Mode, SourceRef> present = KubeProxyMode.present(n);
      boolean several = present.size() > 1;
      boolean wrong = conf.isPresent() && present.size() == 1 && !present.containsKey(conf.get().mode());
      if (!several && !wrong) continue;
      String shown = present.keySet().stream().map(Mode::word).collect(Collectors.joining(" and "));
      var f = ctx.finding(Subject.node(n.name()), "kube-proxy " + shown + " rules coexist on " + n.name());
      present.forEach((m, ref) -> f.evidence(ctx.evidence(ref, m.word() + " mode: " + marker(m))));
      String which;
      if (conf.isPresent()) {
        f.evidence(ctx.evidence(conf.get().ref(), "kube-proxy ConfigMap mode: " + conf.get().written()));
        List<String> left = present.keySet().stream().filter(m -> m != conf.get().mode()).map(Mode::word).toList();
        which = "The kube-proxy ConfigMap sets mode " + conf.get().written() + ", so the " + String.join(" and ", left)
            + " rules are leftovers" + (present.containsKey(conf.get().mode()) ? ""
                : " and the configured mode has no rules at all on this node (kube-proxy there runs an older "
                    + "configuration or is not running)") + ".";
        if (wrong) f.severity(Severity.ERROR);
      } else {
        which = "The kube-proxy ConfigMap was not collected, so which mode is live cannot be told from the bundle.";
      }
      out.add(f.explain("Node " + n.name() + " holds kube-proxy rules of " + shown + " mode. " + which + " Stale "
              + "rules still match: iptables KUBE-SERVICES (nat PREROUTING/OUTPUT), the nftables kube-proxy table "
              + "(its own hooks at dstnat) and IPVS (on packets to addresses on kube-ipvs0) can each DNAT a "
              + "ClusterIP, so traffic may go to endpoints that no longer exist depending on which runs first.")
          .remedy("Remove the other mode's rules on " + n.name() + ": run kube-proxy --cleanup with the old mode's "
              + "binary, or delete them (iptables-save | grep -v KUBE | iptables-restore; nft delete table ip "
              + "kube-proxy; ipvsadm -C), then restart kube-proxy. Reboot is the simplest clean slate.")
          .build());
    }
    return out;
  }

  private static String marker(Mode m) {
    return switch (m) {
      case IPTABLES -> "KUBE-SVC-/KUBE-SEP- chains";
      case NFTABLES -> "table ip kube-proxy";
      case IPVS -> "IPVS virtual servers";
    };
  }
}
