package dev.packetwalk.capture;

/** How a TCP flow's opening went, as far as the capture shows. */
public enum HandshakeOutcome {
  /** SYN answered by SYN-ACK. */
  ESTABLISHED,
  /** SYN (possibly retransmitted) and nothing back: silently dropped. */
  SYN_UNANSWERED,
  /** RST in reply to the SYN. */
  REFUSED,
  /** ICMP destination unreachable in reply to the SYN. */
  REJECTED,
  /** The capture started after the handshake: no SYN seen. */
  MIDSTREAM,
  /** Not a TCP flow. */
  NOT_TCP;

  /** Whether the opening failed (a problem of its own). */
  public boolean failed() {
    return this == SYN_UNANSWERED || this == REFUSED || this == REJECTED;
  }
}
