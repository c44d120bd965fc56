package dev.packetwalk.trace.netfilter;

import java.util.List;

/**
 * A node's packet filter at one hook: iptables (either backend), native nftables tables, or both in priority order.
 * Implementations never throw on odd rules: what they cannot evaluate becomes an {@link Fate#UNKNOWN} outcome.
 */
public interface PacketFilter {

  /** The outcomes of {@code in.hook()}: probabilities sum to 1 where they are known. */
  List<FilterOutcome> run(FilterInput in);

  /** A filter with no rules: every packet passes unchanged. */
  PacketFilter NONE = in -> List.of(new FilterOutcome(1.0, List.of(), in.packet(), in.dnatted(), in.ctmark(),
      List.of(), Fate.ACCEPT, null, "", null));
}
