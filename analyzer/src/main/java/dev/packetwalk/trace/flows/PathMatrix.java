package dev.packetwalk.trace.flows;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.Verdict;
import dev.packetwalk.trace.walk.Tracer;
import java.util.ArrayList;
import java.util.List;

/** The automatic flow matrix of {@code analyze}: every traffic type of seeds 000 and 004, traced, broken ones narrowed. */
public final class PathMatrix {
  /**
   * Up to this many flows every path keeps its hops; beyond it (a large cluster's matrix has tens of thousands)
   * delivered paths keep only their branches, which is what the reports show of them, and {@code packetwalk trace}
   * walks any one again in full.
   */
  public static final int FULL_DETAIL = 200;

  private PathMatrix() {}

  public static List<Trace> run(Cluster cluster, NodeDataplanes nodes) {
    if (nodes.isEmpty()) return List.of();
    FlowPlanner planner = new FlowPlanner(cluster, nodes);
    Tracer tracer = new Tracer(cluster, nodes);
    Narrower narrower = new Narrower(cluster, planner.members(), tracer);
    List<PlannedFlow> plan = planner.plan();
    boolean full = plan.size() <= FULL_DETAIL;
    List<Trace> out = new ArrayList<>(plan.size());
    for (PlannedFlow p : plan) {
      Trace t = narrower.narrow(tracer.trace(p.flow()));
      out.add(full || t.verdict() != Verdict.DELIVERED ? t : t.withoutHops());
    }
    return out;
  }
}
