package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.FdbEntry;
import dev.packetwalk.model.node.Neighbour;
import dev.packetwalk.model.node.PolicyRule;
import dev.packetwalk.model.node.Route;
import dev.packetwalk.parse.iproute.BridgeFdbEntry;
import dev.packetwalk.parse.iproute.IpNeighbour;
import dev.packetwalk.parse.iproute.IpRoute;
import dev.packetwalk.parse.iproute.IpRule;
import java.util.List;

/** Routes, policy rules, neighbours and FDB entries, one record each. */
final class RouteConverter {
  private RouteConverter() {}

  static List<Route> routes(String file, List<IpRoute> routes) {
    return routes.stream().map(r -> new Route(r.family(), r.tableId() == null ? -1 : r.tableId(), r.table(),
        r.type(), r.prefix(), r.via(), r.dev(), r.proto(), r.scope(), r.src(), r.metric() == null ? 0 : r.metric(),
        r.hasFlag("onlink"), r.nexthops().stream().map(n -> new Route.Nexthop(n.via(), n.dev(),
            n.weight() == null ? 1 : n.weight(), n.flags().contains("onlink"))).toList(),
        SourceRef.line(file, r.line()))).toList();
  }

  /** Rules of one file; {@code ip rule} does not print the family, so it comes from which file was read. */
  static List<PolicyRule> rules(String file, int family, List<IpRule> rules) {
    return rules.stream().map(r -> new PolicyRule(family, r.priority(), r.not(), r.from(), r.to(),
        r.fwmark() == null ? "" : r.fwmask() == null ? r.fwmark() : r.fwmark() + "/" + r.fwmask(), r.iif(), r.oif(),
        r.action(), r.tableId() == null ? -1 : r.tableId(), r.table(), r.gotoPriority() == null ? -1
            : r.gotoPriority(), r.suppressPrefixLength() == null ? -1 : r.suppressPrefixLength(),
        SourceRef.line(file, r.line()))).toList();
  }

  static List<Neighbour> neighbours(String file, List<IpNeighbour> neighbours) {
    return neighbours.stream().map(n -> new Neighbour(n.dst(), n.dev(), n.lladdr(), n.states(),
        SourceRef.line(file, n.line()))).toList();
  }

  static List<FdbEntry> fdb(String file, List<BridgeFdbEntry> entries) {
    return entries.stream().map(e -> new FdbEntry(e.mac(), e.dev(), e.master(), e.dst(),
        e.vlan() == null ? -1 : e.vlan(), e.state(), SourceRef.line(file, e.line()))).toList();
  }
}
