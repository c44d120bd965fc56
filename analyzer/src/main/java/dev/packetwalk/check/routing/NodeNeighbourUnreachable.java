package dev.packetwalk.check.routing;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.node.PodNetworks;
import dev.packetwalk.model.node.Neighbour;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.Route;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The next hop of the default route or of a pod-CIDR route whose neighbour entry is FAILED or INCOMPLETE: the node
 * tried to resolve the gateway's MAC address and got no answer, so everything routed through it is dropped at the
 * node (Batfish's NEIGHBOR_UNREACHABLE, from Linux evidence).
 */
public final class NodeNeighbourUnreachable implements Check {
  static final CheckInfo INFO = new CheckInfo("node-neighbour-unreachable", "Next hop of a route does not answer ARP",
      Severity.ERROR, Layer.INFRASTRUCTURE,
      "Finds default and pod-CIDR routes whose gateway's neighbour entry is FAILED or INCOMPLETE.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.ROUTES, NodeEvidence.NEIGHBOURS)) {
      List<IPAddress> pods = PodNetworks.podCidrs(ctx.cluster(), n);
      for (Route r : n.mainRoutes()) {
        boolean dflt = Routing.prefixLength(r.prefix()) == 0;
        boolean pod = !dflt && PodNetworks.overlaps(r.prefix(), pods);
        if ((!dflt && !pod) || r.rejects()) continue;
        for (Route.Nexthop leg : r.legs()) {
          if (leg.via().isEmpty()) continue;
          for (Neighbour nb : n.neighbours()) {
            if (!nb.address().equals(leg.via()) || !nb.unresolved()) continue;
            if (!nb.dev().isEmpty() && !leg.dev().isEmpty() && !nb.dev().equals(leg.dev())) continue;
            out.add(finding(ctx, n, r, leg, nb, dflt));
          }
        }
      }
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, Route r, Route.Nexthop leg, Neighbour nb,
      boolean dflt) {
    String what = dflt ? "the default route" : "the route to pod CIDR " + r.prefix();
    return ctx.finding(Subject.node(n.name()), "Gateway " + leg.via() + " of " + what + " on " + n.name()
            + " is unreachable (" + String.join(" ", nb.states()) + ")")
        .layer(dflt ? Layer.INFRASTRUCTURE : Layer.CNI)
        .evidence(ctx.evidence(r.ref(), what))
        .evidence(ctx.evidence(nb.ref(), "neighbour " + nb.address() + " " + String.join(" ", nb.states())))
        .explain("Node " + n.name() + " sends " + (dflt ? "everything without a more specific route (other "
                + "networks, the internet, often the API server or other nodes)" : "traffic for pods in "
                + r.prefix()) + " via " + leg.via() + (leg.dev().isEmpty() ? "" : " on " + leg.dev()) + ", but its "
            + "neighbour table shows " + leg.via() + " as " + String.join(" ", nb.states()) + ": ARP/NDP requests "
            + "for it got no answer, so the kernel drops those packets (the sender sees 'No route to host' or a "
            + "timeout).")
        .remedy(dflt ? "Check that the gateway " + leg.via() + " is up and in the same L2 segment as "
                + leg.dev() + " (ip neigh; arping -I " + leg.dev() + " " + leg.via() + "), and the node's "
                + "address/netmask on " + leg.dev() + "."
            : "The gateway should be the node owning " + r.prefix() + ": check that node is up and reachable "
                + "from " + n.name() + " on " + leg.dev() + " (a node replaced with a new IP leaves such routes); "
                + "restart the CNI agent to rewrite its routes.")
        .build();
  }
}
