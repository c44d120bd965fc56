package dev.packetwalk.trace.walk;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Trace;
import java.util.List;

/** Walks flows through the collected dataplanes. One instance per analysis; it indexes the nodes once. */
public final class Tracer {
  private final Cluster cluster;
  private final NodeDataplanes nodes;

  public Tracer(Cluster cluster, NodeDataplanes nodes) {
    this.cluster = cluster;
    this.nodes = nodes;
  }

  public Trace trace(Flow flow) {
    List<Branch> branches = List.of();
    return Trace.of(flow, branches);
  }
}
