package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.Encapsulation;
import java.util.Objects;

/**
 * One flow (one TCP connection; for other protocols one 5-tuple) as the capture shows it. "Forward" is the
 * direction of the flow's first packet.
 */
public record FlowSummary(FlowKey key, Encapsulation encapsulation, HandshakeOutcome handshake, long firstPacket,
    long lastPacket, long firstNanos, long lastNanos, long packetsForward, long bytesForward, long packetsReverse,
    long bytesReverse) {

  public FlowSummary {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(encapsulation, "encapsulation");
    Objects.requireNonNull(handshake, "handshake");
  }

  public long packets() {
    return packetsForward + packetsReverse;
  }

  public long bytes() {
    return bytesForward + bytesReverse;
  }
}
