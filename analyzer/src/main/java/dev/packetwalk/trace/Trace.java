package dev.packetwalk.trace;

import java.util.List;

/**
 * The walk of one flow through the collected dataplane, request and reply, with every branch.
 *
 * @param breakAt the first failing branch's break, or null when none fails
 * @param narrowing variants traced to locate a failure, or null for a flow that works (or was not narrowed)
 */
public record Trace(Flow flow, Verdict verdict, List<Branch> branches, BreakAt breakAt, Narrowing narrowing) {
  public Trace {
    branches = List.copyOf(branches);
  }

  public static Trace of(Flow flow, List<Branch> branches) {
    Verdict v = Verdict.of(branches.stream().map(Branch::disposition).toList());
    BreakAt b = branches.stream().filter(x -> x.breakAt() != null).map(Branch::breakAt).findFirst().orElse(null);
    return new Trace(flow, v, branches, b, null);
  }

  /** The same trace with each branch's hops dropped (probability, choices, disposition and break kept). */
  public Trace withoutHops() {
    List<Branch> bs = branches.stream().map(b -> new Branch(b.probability(), b.choices(), b.disposition(), List.of(),
        b.breakAt())).toList();
    return new Trace(flow, verdict, bs, breakAt, narrowing);
  }

  public Trace withNarrowing(Narrowing n) {
    return new Trace(flow, verdict, branches, breakAt, n);
  }
}
