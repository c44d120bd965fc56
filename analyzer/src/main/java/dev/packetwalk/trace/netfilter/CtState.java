package dev.packetwalk.trace.netfilter;

/** conntrack's view of a packet, as {@code -m conntrack --ctstate} and {@code ct state} match it. */
public enum CtState {
  /** The first packet of a connection: the nat table is consulted. */
  NEW,
  /** A packet of a known connection (the reply direction, or later packets). nat is not consulted again. */
  ESTABLISHED,
  RELATED,
  INVALID
}
