package dev.packetwalk.model.node;

/**
 * Packet and byte counters of a rule or chain policy; also used for the change between the two samples.
 *
 * @param exact false when the source rounded them (K/M/G suffixes)
 */
public record NfCounters(long packets, long bytes, boolean exact) {

  /** {@code this - earlier}; null when either is unknown. */
  public static NfCounters delta(NfCounters later, NfCounters earlier) {
    if (later == null || earlier == null) return null;
    return new NfCounters(later.packets - earlier.packets, later.bytes - earlier.bytes, later.exact && earlier.exact);
  }

  @Override
  public String toString() {
    return "[" + packets + ":" + bytes + "]";
  }
}
