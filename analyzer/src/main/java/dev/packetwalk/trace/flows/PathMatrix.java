package dev.packetwalk.trace.flows;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.walk.Tracer;
import java.util.ArrayList;
import java.util.List;

/** The automatic flow matrix of {@code analyze}: every traffic type of seeds 000 and 004, traced, broken ones narrowed. */
public final class PathMatrix {
  private PathMatrix() {}

  public static List<Trace> run(Cluster cluster, NodeDataplanes nodes) {
    if (nodes.isEmpty()) return List.of();
    FlowPlanner planner = new FlowPlanner(cluster, nodes);
    Tracer tracer = new Tracer(cluster, nodes);
    Narrower narrower = new Narrower(cluster, planner.members(), tracer);
    List<Trace> out = new ArrayList<>();
    for (PlannedFlow p : planner.plan()) out.add(narrower.narrow(tracer.trace(p.flow())));
    return out;
  }
}
