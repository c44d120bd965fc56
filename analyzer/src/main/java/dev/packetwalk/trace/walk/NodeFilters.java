package dev.packetwalk.trace.walk;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.netfilter.Fate;
import dev.packetwalk.trace.netfilter.FilterOutcome;
import dev.packetwalk.trace.netfilter.PacketFilter;
import java.util.ArrayList;
import java.util.List;

/** Builds a node's whole packet filter from its evidence. */
final class NodeFilters {
  private NodeFilters() {}

  static PacketFilter of(NodeDataplane dp) {
    if (!dp.netfilter().present()) return PacketFilter.NONE;
    SourceRef ref = SourceRef.line(dp.netfilter().file(), 0);
    return in -> List.of(new FilterOutcome(1.0, List.of(), in.packet(), in.dnatted(), in.ctmark(), List.of(),
        Fate.UNKNOWN, Disposition.INSUFFICIENT_INFO, "iptables evaluation is not available", ref));
  }

  /** {@code f}, with its NetworkPolicy drops turned into a pass (noted as a step) for a narrowing variant. */
  static PacketFilter withoutPolicy(PacketFilter f) {
    return in -> {
      List<FilterOutcome> out = new ArrayList<>();
      for (FilterOutcome o : f.run(in)) {
        if (o.fate() == Fate.ACCEPT || o.disposition() != Disposition.DROPPED_BY_POLICY) {
          out.add(o);
          continue;
        }
        List<Step> steps = new ArrayList<>(o.steps());
        Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        String table = last instanceof Step.ChainEvaluation c ? c.table() : "";
        String chain = last instanceof Step.ChainEvaluation c ? c.chain() : "";
        steps.add(new Step.ChainEvaluation(table, chain, 0, "drop ignored for this variant",
            "NetworkPolicy: " + o.reason(), o.evidence()));
        out.add(new FilterOutcome(o.probability(), o.choices(), o.packet(), o.dnatted(), o.ctmark(), steps,
            Fate.ACCEPT, null, "", null));
      }
      return out;
    };
  }
}
