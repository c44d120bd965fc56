package dev.packetwalk.capture.path;

/** Whether what the captures saw is what the tracer predicted from the collected configuration. */
public enum Agreement {
  /** Both deliver, or both lose the packet on the same node in the same direction. */
  AGREES,
  /** One delivers and the other does not, or they lose it in different places. */
  DISAGREES,
  /** No trace (the flow could not be resolved) or no packets to compare. */
  UNKNOWN
}
