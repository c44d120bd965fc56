package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * The node's connection tracking: how full the table is and the per-CPU error counters summed, plus the entries.
 *
 * @param count entries in use ({@code conntrack -C}, else the number listed), -1 when unknown
 * @param max {@code net.netfilter.nf_conntrack_max}, -1 when unknown
 * @param insertFailed sum over CPUs of {@code insert_failed} (the DNS 5-second race), -1 when unknown
 * @param drop sum of {@code drop}, -1 when unknown
 * @param earlyDrop sum of {@code early_drop} (table full), -1 when unknown
 * @param invalid sum of {@code invalid}, -1 when unknown
 * @param statsRef the {@code conntrack -S} file
 * @param entriesComplete false when the listing was cut by the collector's cap
 */
public record Conntrack(long count, long max, long insertFailed, long drop, long earlyDrop, long invalid,
    SourceRef countRef, SourceRef statsRef, List<ConntrackFlow> entries, boolean entriesComplete) {

  public static final Conntrack NONE = new Conntrack(-1, -1, -1, -1, -1, -1, SourceRef.NONE, SourceRef.NONE,
      List.of(), false);

  public Conntrack {
    countRef = countRef == null ? SourceRef.NONE : countRef;
    statsRef = statsRef == null ? SourceRef.NONE : statsRef;
    entries = List.copyOf(entries);
  }
}
