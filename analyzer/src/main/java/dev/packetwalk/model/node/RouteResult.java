package dev.packetwalk.model.node;

import java.util.List;

/**
 * What the kernel would do with a packet to one destination: the disposition, the route and the policy rule that
 * decided it, and the steps taken (rules skipped, tables searched), in the order the kernel takes them.
 *
 * @param route the route chosen, or null ({@link Disposition#NO_ROUTE}, or a rule with a reject action)
 * @param rule the policy rule whose action decided, or null
 */
public record RouteResult(Disposition disposition, Route route, PolicyRule rule, List<Route.Nexthop> nexthops,
    List<String> steps) {

  /** Closed set of outcomes of a route lookup. */
  public enum Disposition {
    /** A unicast route: out of {@code nexthops}. */
    FORWARD,
    /** Delivered to the node itself ({@code local} or {@code broadcast} route). */
    LOCAL,
    BLACKHOLE,
    UNREACHABLE,
    PROHIBIT,
    /** No rule's table held a matching route: the kernel answers ENETUNREACH. */
    NO_ROUTE
  }

  public RouteResult {
    nexthops = List.copyOf(nexthops);
    steps = List.copyOf(steps);
  }

  public boolean forwards() {
    return disposition == Disposition.FORWARD;
  }
}
