package dev.packetwalk.trace;

import java.util.List;

/**
 * The steps the packet took inside one network namespace (a pod's, a node's) or on the wire between nodes.
 *
 * @param node the node this hop is on, or "" for the underlay between nodes
 * @param where what a person would call it: {@code pod shop/client-…}, {@code node worker-1}
 */
public record Hop(String node, Place place, String where, Direction direction, List<Step> steps) {

  public Hop {
    node = node == null ? "" : node;
    steps = List.copyOf(steps);
  }

  /** Kinds of places a packet passes. */
  public enum Place {
    POD,
    NODE,
    UNDERLAY,
    EXTERNAL
  }

  /** Whether this hop carries the request or the answer. */
  public enum Direction {
    REQUEST,
    REPLY
  }
}
