package dev.packetwalk.trace.walk;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Trace;

/** Walks flows through the collected dataplanes. One instance per analysis; it indexes the nodes once. */
public final class Tracer {
  private final Cluster cluster;
  private final NodeDataplanes nodes;
  private final Topology topo;
  private Topology withoutPolicy;

  public Tracer(Cluster cluster, NodeDataplanes nodes) {
    this.cluster = cluster;
    this.nodes = nodes;
    this.topo = new Topology(cluster, nodes, dp -> new NodeContext(dp, NodeFilters.of(dp)));
  }

  public Trace trace(Flow flow) {
    return Trace.of(flow, new Walk(topo, flow).run());
  }

  /**
   * The same flow with every NetworkPolicy drop passed over, for narrowing: a policy drop ends its hook as if the
   * hook had accepted, so the rules after it in that hook are not consulted.
   */
  public Trace traceWithoutPolicy(Flow flow) {
    if (withoutPolicy == null) {
      withoutPolicy = new Topology(cluster, nodes, dp -> new NodeContext(dp,
          NodeFilters.withoutPolicy(NodeFilters.of(dp))));
    }
    return Trace.of(flow, new Walk(withoutPolicy, flow).run());
  }
}
