package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.node.Conntrack;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.Sysctls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conntrack table nearly full (count ≥ 90 % of nf_conntrack_max, ERROR from 99 %), or packets already dropped
 * for want of an entry ({@code drop}, {@code early_drop} in {@code conntrack -S}). Path-analysis §6 row 35.
 */
public final class NodeConntrackPressure implements Check {
  static final CheckInfo INFO = new CheckInfo("node-conntrack-pressure", "Conntrack table under pressure",
      Severity.WARNING, Layer.INFRASTRUCTURE, "Finds nodes whose conntrack table is at least 90% full or whose "
          + "conntrack -S counts drop/early_drop.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.CONNTRACK)) {
      Conntrack c = n.conntrack();
      Optional<Sysctls.Sysctl> max = n.sysctls().conntrackMax();
      boolean fullnessKnown = c.count() >= 0 && c.max() > 0 && max.isPresent();
      if (!fullnessKnown) {
        ctx.insufficient("node " + n.name() + ": " + (c.count() < 0 ? "no conntrack -C count" : "no "
            + "net.netfilter.nf_conntrack_max in sysctl.txt") + ", so how full the table is is unknown");
      }
      if (c.drop() < 0 && c.earlyDrop() < 0) {
        ctx.insufficient("node " + n.name() + ": conntrack -S not collected, drop/early_drop unknown");
      }
      double ratio = fullnessKnown ? (double) c.count() / c.max() : 0;
      boolean full = ratio >= 0.90;
      boolean drops = c.drop() > 0 || c.earlyDrop() > 0;
      if (!full && !drops) continue;
      Severity sev = ratio >= 0.99 || c.earlyDrop() > 0 ? Severity.ERROR : Severity.WARNING;
      String pct = String.format(java.util.Locale.ROOT, "%.1f%%", ratio * 100);
      var b = ctx.finding(Subject.node(n.name()), "Conntrack table " + (full ? pct + " full" : "dropping packets")
          + " on node " + n.name()).severity(sev);
      if (fullnessKnown) {
        b.evidence(ctx.evidence(c.countRef().isNone() ? c.statsRef() : c.countRef(), c.count() + " entries"));
        b.evidence(ctx.evidence(max.get().ref(), "nf_conntrack_max = " + c.max()));
      }
      if (drops) {
        b.evidence(ctx.evidence(c.statsRef(), "summed over CPUs: drop=" + c.drop() + " early_drop=" + c.earlyDrop()));
      }
      b.explain("Node " + n.name() + (fullnessKnown ? " tracks " + c.count() + " connections against "
              + "nf_conntrack_max " + c.max() + " (" + pct + ")" : "") + (drops ? (fullnessKnown ? ", and " : " ")
              + "conntrack -S counts drop=" + Math.max(0, c.drop()) + ", early_drop=" + Math.max(0, c.earlyDrop())
              + " (summed over CPUs)" : "") + ". When the table is full the kernel can create no entry for a new "
              + "flow and drops its first packet (dmesg: \"nf_conntrack: table full, dropping packet\"): new "
              + "connections and DNS queries through Services fail at random while established ones keep working.")
          .remedy("On " + n.name() + ": conntrack -C, conntrack -S and dmesg | grep conntrack. Raise "
              + "net.netfilter.nf_conntrack_max (kube-proxy's conntrack.maxPerCore/min set it at start), shorten "
              + "nf_conntrack_tcp_timeout_established / udp timeouts, and find what opens so many flows "
              + "(conntrack -L | awk '{print $1}' | sort | uniq -c).");
      out.add(b.build());
    }
    return out;
  }
}
