package dev.packetwalk.trace.walk;

import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.netfilter.CombinedFilter;
import dev.packetwalk.trace.netfilter.Fate;
import dev.packetwalk.trace.netfilter.HostView;
import dev.packetwalk.trace.netfilter.IptablesFilter;
import dev.packetwalk.trace.netfilter.NftFilter;
import dev.packetwalk.trace.netfilter.FilterOutcome;
import dev.packetwalk.trace.netfilter.PacketFilter;
import java.util.ArrayList;
import java.util.List;

/** Builds a node's whole packet filter from its evidence. */
final class NodeFilters {
  private NodeFilters() {}

  /**
   * The node's iptables rules, and its native nftables tables (kube-proxy's nftables mode, Cilium, firewalld)
   * interleaved with them by priority. iptables-nft's own tables in the nft ruleset are not counted twice.
   */
  static PacketFilter of(NodeDataplane dp) {
    HostView host = HostView.of(dp);
    IptablesFilter ipt = dp.netfilter().present() ? new IptablesFilter(dp.netfilter(), host) : null;
    NftFilter nft = NftFilter.of(dp, host);
    boolean nativeNft = nft.tables().stream().anyMatch(t -> ipt == null || !CombinedFilter.iptablesManaged(t));
    if (!nativeNft) return ipt == null ? PacketFilter.NONE : ipt;
    return new CombinedFilter(ipt == null ? t -> null : ipt::table, nft, ipt != null);
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
