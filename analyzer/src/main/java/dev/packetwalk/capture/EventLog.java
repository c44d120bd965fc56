package dev.packetwalk.capture;

/**
 * Per-flow tally of per-packet events (retransmissions, duplicate ACKs, ...): a count and the first packet numbers
 * of each kind. Arrays are allocated per flow on its first event, never per packet.
 */
final class EventLog {
  private static final ProblemKind[] KINDS = ProblemKind.values();
  private final long[] counts = new long[KINDS.length];
  private final long[][] samples = new long[KINDS.length][];

  void add(ProblemKind kind, long packet) {
    int k = kind.ordinal();
    long n = counts[k]++;
    if (n < Problem.MAX_PACKETS) {
      if (samples[k] == null) {
        samples[k] = new long[Problem.MAX_PACKETS];
      }
      samples[k][(int) n] = packet;
    }
  }

  long count(ProblemKind kind) {
    return counts[kind.ordinal()];
  }

  java.util.List<Long> packets(ProblemKind kind) {
    int k = kind.ordinal();
    int n = (int) Math.min(counts[k], Problem.MAX_PACKETS);
    java.util.List<Long> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(samples[k][i]);
    }
    return out;
  }
}
