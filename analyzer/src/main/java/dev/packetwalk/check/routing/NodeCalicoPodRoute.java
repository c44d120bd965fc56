package dev.packetwalk.check.routing;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.Route;
import dev.packetwalk.model.node.RouteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calico gives every local pod a {@code <podIP> dev caliXXXX scope link} route and blackholes the rest of its own
 * IPAM block ({@code blackhole <block>/26 proto bird}), so that a pod IP without its /32 falls into the blackhole and
 * the pod is unreachable. A blackhole that is not one of the node's own block aggregates catching a pod IP is
 * reported too (a stale block route after IPAM affinity moved).
 */
public final class NodeCalicoPodRoute implements Check {
  static final CheckInfo INFO = new CheckInfo("node-calico-pod-route", "Calico pod without its /32 route",
      Severity.ERROR, Layer.CNI,
      "Finds local pod IPs on Calico nodes that lack their /32 dev cali* route or are swallowed by a blackhole.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.PODS)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.ROUTES, NodeEvidence.LINKS)) {
      boolean calico = n.interfaces().stream().anyMatch(i -> i.name().startsWith("cali"))
          || n.iface("vxlan.calico").isPresent() || n.iface("tunl0").isPresent()
          && n.mainRoutes().stream().anyMatch(r -> r.proto().equals("bird"));
      if (!calico) continue;
      for (Pod p : ctx.cluster().pods()) {
        if (!n.name().equals(p.nodeName()) || p.hostNetwork() || p.podIP() == null || p.podIP().isEmpty()
            || p.podIP().contains(":") || !"Running".equals(p.phase())) {
          continue;
        }
        RouteResult r = n.routing().lookup(p.podIP());
        Route route = r.route();
        boolean ok = r.forwards() && route != null && Routing.prefixLength(route.prefix()) == 32
            && route.dev().startsWith("cali");
        if (!ok) out.add(finding(ctx, n, p, r));
      }
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, Pod p, RouteResult r) {
    Route route = r.route();
    boolean blackhole = r.disposition() == RouteResult.Disposition.BLACKHOLE && route != null;
    boolean ownBlock = blackhole && Routing.prefixLength(route.prefix()) < 32 && (route.proto().equals("bird")
        || route.proto().equals("80"));
    Optional<PodJoin> join = n.pods().stream().filter(j -> j.podIP().equals(p.podIP())).findFirst();
    String got = route == null ? "no route at all" : (blackhole ? "blackhole " : "") + route.prefix()
        + (route.dev().isEmpty() ? "" : " dev " + route.dev()) + (route.proto().isEmpty() ? "" : " proto "
        + route.proto());
    String why = blackhole && !ownBlock
        ? "is swallowed by the blackhole route " + route.prefix() + ", which is not one of Calico's block "
            + "aggregates on this node: a leftover or manual route drops the pod's traffic"
        : "has no /32 route to its cali interface" + (blackhole ? "; it falls into the node's own block "
            + "blackhole " + route.prefix() + ", which Calico keeps for unallocated addresses" : "; the lookup finds "
            + got);
    var f = ctx.finding(Subject.of("Pod", p.meta().namespace(), p.meta().name()).onNode(n.name()),
            "Pod " + p.meta().key() + " (" + p.podIP() + ") " + (blackhole ? "is blackholed" : "has no route")
                + " on " + n.name())
        .evidence(ctx.evidence(p.meta().ref(), "pod IP " + p.podIP() + " on " + n.name()));
    if (route != null) f.evidence(ctx.evidence(route.ref(), "what " + p.podIP() + " matches"));
    join.filter(j -> !j.hostInterface().isEmpty()).flatMap(j -> n.iface(j.hostInterface()))
        .ifPresent(i -> f.evidence(ctx.evidence(i.ref(), "the pod's host interface " + i.name())));
    return f.explain("Pod " + p.meta().key() + " runs on " + n.name() + " with IP " + p.podIP() + ", which "
            + why + ". Traffic to the pod from the node, from other pods on it and from other nodes is dropped "
            + "(or sent away) on " + n.name() + "; the pod itself can still send.")
        .remedy("Restart calico-node on " + n.name() + " (Felix rewrites the workload routes) or recreate the pod "
            + "so the CNI sets it up again; check Felix logs for route programming errors and that the pod's cali "
            + "interface exists.")
        .build();
  }
}
