package dev.packetwalk.capture;

import java.util.List;
import java.util.Objects;

/**
 * One finding in a capture, with the frames that show it.
 *
 * @param kind what was seen
 * @param flow the flow it concerns, or {@code null} (ARP, capture-wide DNS name)
 * @param detail plain-language specifics: names, addresses, MTU, latency
 * @param count how many occurrences (packets or transactions) were folded into this finding
 * @param packets 1-based packet numbers of the first occurrences, ascending (at most {@link #MAX_PACKETS})
 */
public record Problem(ProblemKind kind, FlowKey flow, String detail, long count, List<Long> packets) {

  public static final int MAX_PACKETS = 20;

  public Problem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    packets = List.copyOf(packets);
    if (packets.isEmpty()) {
      throw new IllegalArgumentException("a problem must point at packets: " + kind);
    }
  }

  public Severity severity() {
    return kind.severity();
  }

  public long firstPacket() {
    return packets.get(0);
  }
}
