package dev.packetwalk.capture.path;

import java.util.List;

/**
 * One connection (or DNS query, or ping session) of the flow, followed over every point: the client's tuple at its
 * veth, each hop's verdict in the order the packets pass them (request hops, the server's turn, answer hops), and
 * the first hop that lost packets.
 *
 * @param tuple the client's tuple at the first point ({@code 6 10.244.1.20:34230>10.96.0.50:80})
 * @param verdict the first failing hop's verdict, {@link CaptureVerdict#DELIVERED_AT_HOP} when none failed
 * @param vanished index into {@code segments} of the first failing hop, or -1
 * @param answer an ICMP error some point saw about the request ({@code ICMP type 3 code 3 (port unreachable) from
 *     10.96.0.50, client-veth #2}), a TCP reset from the server, or ""
 * @param tuples the tuple at each point the request reached, in point order ({@code client-underlay: 6 10.0.0.11:…})
 */
public record Exchange(String tuple, long firstNanos, CaptureVerdict verdict, int vanished, String answer,
    List<Segment> segments, List<String> tuples) {
  public Exchange {
    segments = List.copyOf(segments);
    tuples = List.copyOf(tuples);
  }

  /** The hop where the packets vanished, if any. */
  public java.util.Optional<Segment> vanishedAt() {
    return vanished < 0 ? java.util.Optional.empty() : java.util.Optional.of(segments.get(vanished));
  }
}
