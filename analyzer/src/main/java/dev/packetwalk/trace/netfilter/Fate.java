package dev.packetwalk.trace.netfilter;

/** What a hook did with a packet. */
public enum Fate {
  /** Passed every table of the hook (possibly changed: NAT, marks). */
  ACCEPT,
  DROP,
  /** Dropped with an answer: ICMP unreachable or a TCP RST. */
  REJECT,
  /** A match or target could not be evaluated from the evidence: the walk must not guess past it. */
  UNKNOWN
}
