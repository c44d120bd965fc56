package dev.packetwalk.capture.path;

/**
 * What the captures say about one hop (the stretch between two capture points) or, for an exchange or a whole path,
 * about its first failing hop. The three failures are seed 000's three questions.
 */
public enum CaptureVerdict {
  /** Every packet that entered the hop left it (for an exchange: at every hop, and the answer came back). */
  DELIVERED_AT_HOP,
  /** Seen at the hop's first point, never at its next one: lost inside the hop. */
  NOT_SEEN_AT_DST,
  /** The request reached the server's veth; no answer ever left it. */
  SEEN_NOT_ANSWERED,
  /** The server answered; the answer never came back to the client's veth. */
  ANSWER_NOT_SEEN_AT_SRC,
  /**
   * The request left the captured path for another endpoint: NAT sent it to another ready endpoint of the Service
   * than the captured server, or it was answered without crossing the rest of the path (an endpoint on the
   * client's own node). Not a loss; the hops past it were not captured for this request.
   */
  TO_OTHER_ENDPOINT,
  /** No packet of the flow entered the hop: nothing to judge. */
  NO_PACKETS;

  public boolean failed() {
    return this == NOT_SEEN_AT_DST || this == SEEN_NOT_ANSWERED || this == ANSWER_NOT_SEEN_AT_SRC;
  }
}
