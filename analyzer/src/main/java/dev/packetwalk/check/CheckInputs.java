package dev.packetwalk.check;

import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplanes;
import java.util.List;

/**
 * The neutral models a check may read: the cluster, every node's dataplane, and the analysed captures. One value, so
 * that adding an evidence family does not add a parameter to every runner and context signature.
 */
public record CheckInputs(Cluster cluster, NodeDataplanes nodes, List<CaptureResult> captures) {
  public CheckInputs {
    nodes = nodes == null ? NodeDataplanes.NONE : nodes;
    captures = captures == null ? List.of() : List.copyOf(captures);
  }

  /** Cluster objects only: no node evidence, no captures. */
  public static CheckInputs of(Cluster cluster) {
    return new CheckInputs(cluster, NodeDataplanes.NONE, List.of());
  }
}
