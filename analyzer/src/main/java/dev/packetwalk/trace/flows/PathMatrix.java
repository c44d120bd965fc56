package dev.packetwalk.trace.flows;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.Trace;
import java.util.List;

/** The automatic flow matrix of {@code analyze}: every traffic type of seeds 000 and 004, traced, broken ones narrowed. */
public final class PathMatrix {
  private PathMatrix() {}

  public static List<Trace> run(Cluster cluster, NodeDataplanes nodes) {
    return List.of();
  }
}
