package dev.packetwalk.check.netfilter;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.Sysctls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ctstate INVALID} DROP rules that have matched packets: kube-proxy's KUBE-FORWARD rule (written unless
 * {@code nf_conntrack_tcp_be_liberal} is set, kubernetes#74839/#117924) or a CNI's. Packets conntrack cannot place —
 * out-of-window TCP after a retransmission storm, asymmetric paths, replies to a flow conntrack forgot — are dropped
 * silently, which shows as connection resets and stalls.
 */
public final class NetfilterCtstateInvalidDrops implements Check {
  static final CheckInfo INFO = new CheckInfo("netfilter-ctstate-invalid-drops",
      "ctstate INVALID packets are being dropped", Severity.WARNING, Layer.INFRASTRUCTURE,
      "Finds conntrack INVALID DROP rules (KUBE-FORWARD and others) with non-zero or rising counters.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  /** Whether a rule drops packets in conntrack state INVALID. */
  public static boolean invalidDrop(NfRule r) {
    if (!r.target().equals("DROP")) return false;
    for (String[] m : new String[][] {{"conntrack", "ctstate"}, {"state", "state"}}) {
      String v = r.option(m[0], m[1]);
      boolean negated = r.match(m[0]).map(x -> x.negated(m[1])).orElse(false);
      if (v != null && !negated && List.of(v.split(",")).contains("INVALID")) return true;
    }
    return false;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.IPTABLES)) {
      for (NfRule r : n.netfilter().rules()) {
        if (!invalidDrop(r) || (r.packets() <= 0 && r.packetDelta() <= 0)) continue;
        boolean rising = r.packetDelta() > 0;
        Optional<Sysctls.Sysctl> liberal = n.sysctls().get("net.netfilter.nf_conntrack_tcp_be_liberal");
        var f = ctx.finding(Subject.node(n.name()), "conntrack INVALID packets dropped in " + r.chain() + " on "
                + n.name())
            .evidence(ctx.evidence(r.ref(), r.table() + " " + r.chain() + " rule " + r.index() + ": " + r.packets()
                + " packets" + (r.delta() == null ? "" : ", +" + r.packetDelta() + " in the second sample")));
        liberal.ifPresent(s -> f.evidence(ctx.evidence(s.ref(), "nf_conntrack_tcp_be_liberal = " + s.value())));
        String invalid = n.conntrack().invalid() > 0 ? " conntrack -S counts " + n.conntrack().invalid()
            + " invalid packets in all." : "";
        if (n.conntrack().invalid() > 0) f.evidence(ctx.evidence(n.conntrack().statsRef(), "invalid summed over CPUs: "
            + n.conntrack().invalid()));
        out.add(f.explain("On node " + n.name() + ", " + r.table() + " " + r.chain() + " rule " + r.index()
                + (r.chain().equals("KUBE-FORWARD") ? " (kube-proxy's)" : "") + " drops packets conntrack marks "
                + "INVALID and has matched " + r.packets() + " of them" + (rising ? ", rising between the two "
                + "samples: it is dropping now" : "") + "." + invalid + " These are packets conntrack cannot tie to "
                + "a tracked flow: TCP segments outside the window (after heavy loss or offload bugs), replies on an "
                + "asymmetric path, or flows evicted from a full table. The connection stalls or is reset."
                + liberal.map(s -> " nf_conntrack_tcp_be_liberal is " + s.value() + (s.value().strip().equals("0")
                    ? ", so out-of-window TCP counts as INVALID." : ".")).orElse(""))
            .remedy("Find which flows hit it (conntrack -S invalid per CPU; nft/iptables TRACE or a LOG rule before "
                + "it); for out-of-window TCP set net.netfilter.nf_conntrack_tcp_be_liberal=1 (kube-proxy then omits "
                + "the rule, kubernetes#117924); check for asymmetric routing (node-rp-filter-asymmetric) and a full "
                + "conntrack table.")
            .build());
      }
    }
    return out;
  }
}
