package dev.packetwalk.trace.walk;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.Route;
import dev.packetwalk.model.node.RouteResult;
import dev.packetwalk.model.node.Sysctls;
import dev.packetwalk.trace.Component;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.netfilter.CtState;
import dev.packetwalk.trace.netfilter.Fate;
import dev.packetwalk.trace.netfilter.FilterInput;
import dev.packetwalk.trace.netfilter.FilterOutcome;
import dev.packetwalk.trace.netfilter.Hook;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node's IP stack: the netfilter hooks in the kernel's order, the routing decision between them, and the kernel
 * settings that decide whether it forwards (ip_forward, rp_filter).
 */
final class NodeStack {
  private final Walk walk;

  NodeStack(Walk walk) {
    this.walk = walk;
  }

  /** A packet arrives from {@code inIface}: PREROUTING, routing, then INPUT or FORWARD + POSTROUTING. */
  void receive(WalkState s, NodeContext n, String inIface) {
    String key = n.name() + "|" + s.direction + "|" + s.packet.dst() + "|" + inIface;
    if (!s.visited.add(key) || s.hopCount > Walk.MAX_HOPS) {
      walk.out.end(s, Disposition.LOOP, Component.ROUTING, new Step.Drop(Disposition.LOOP,
          "the packet to " + s.packet.dst() + " came back to " + n.name() + " on " + inIface, SourceRef.NONE));
      return;
    }
    if (s.direction == Hop.Direction.REPLY) walk.conntrack.unSnat(s, n);
    s.dnatted = s.direction == Hop.Direction.REPLY && walk.conntrack.dnatted(s, n);
    hook(s, n, Hook.PREROUTING, inIface, "", s2 -> route(s2, n, inIface));
  }

  /** A packet the node itself sends (host network): routing, OUTPUT, re-routing after a DNAT, POSTROUTING. */
  void originate(WalkState s, NodeContext n) {
    RouteResult r = n.routing.lookup(s.packet.dst());
    if (!routeStep(s, n, r)) return;
    String dst = s.packet.dst();
    hook(s, n, Hook.OUTPUT, "", outDev(r), s2 -> {
      RouteResult again = r;
      if (!s2.packet.dst().equals(dst)) {
        again = n.routing.lookup(s2.packet.dst());
        if (!routeStep(s2, n, again)) return;
      }
      if (again.disposition() == RouteResult.Disposition.LOCAL) {
        hook(s2, n, Hook.INPUT, "lo", "", s3 -> {
          if (!ipvs(s3, n)) walk.deliverToNode(s3, n);
        });
        return;
      }
      RouteResult fin = again;
      legs(s2, fin, (s3, leg) -> hook(s3, n, Hook.POSTROUTING, "", leg.dev(), s4 -> {
        if (s4.direction == Hop.Direction.REPLY) walk.conntrack.unDnat(s4, n);
        walk.links.send(s4, n, leg.dev(), leg.via());
      }));
    });
  }

  private void route(WalkState s, NodeContext n, String inIface) {
    RouteResult r = n.routing.lookup(s.packet.dst(), s.packet.src(), inIface);
    if (!routeStep(s, n, r)) return;
    if (r.disposition() == RouteResult.Disposition.LOCAL) {
      hook(s, n, Hook.INPUT, inIface, "", s2 -> {
        if (s2.direction == Hop.Direction.REPLY) walk.conntrack.unDnat(s2, n);
        if (!ipvs(s2, n)) walk.deliverToNode(s2, n);
      });
      return;
    }
    if (!rpFilter(s, n, inIface) || !forwarding(s, n)) return;
    legs(s, r, (s2, leg) -> hook(s2, n, Hook.FORWARD, inIface, leg.dev(),
        s3 -> hook(s3, n, Hook.POSTROUTING, inIface, leg.dev(), s4 -> {
          if (s4.direction == Hop.Direction.REPLY) walk.conntrack.unDnat(s4, n);
          walk.links.send(s4, n, leg.dev(), leg.via());
        })));
  }

  /**
   * IPVS takes a request to one of its virtual servers at LOCAL_IN (kube-proxy's IPVS mode puts every Service address
   * on kube-ipvs0, so they route as local) and sends it on to a real server. Returns false when no virtual server
   * matches, and the packet is the node's own.
   */
  private boolean ipvs(WalkState s, NodeContext n) {
    if (s.direction != Hop.Direction.REQUEST) return false;
    var picks = n.ipvs.schedule(s.packet);
    if (picks.isEmpty()) return false;
    if (picks.get().isEmpty()) {
      walk.out.end(s, Disposition.DENIED_IN, Component.KUBE_PROXY, new Step.Drop(Disposition.DENIED_IN,
          "IPVS virtual server " + s.packet.dst() + ":" + s.packet.dport() + " on " + n.name()
              + " has no real server with weight above 0: the packet is dropped", n.ipvs.service(s.packet)
              .map(v -> v.ref()).orElse(SourceRef.NONE)));
      return true;
    }
    for (var pick : picks.get()) {
      WalkState f = picks.get().size() == 1 ? s : s.fork();
      f.probability *= pick.probability();
      Packet before = f.packet;
      f.step(pick.step());
      f.packet = before.withDst(pick.server().address(), pick.server().port());
      f.step(new Step.NatTransformation("DNAT", before.tuple(), f.packet.tuple(), pick.server().ref()));
      walk.conntrack.record(f, n, before, List.of(f.steps.get(f.steps.size() - 1)));
      RouteResult r = n.routing.lookup(f.packet.dst());
      if (!routeStep(f, n, r)) continue;
      legs(f, r, (s2, leg) -> hook(s2, n, Hook.POSTROUTING, "", leg.dev(), s3 -> walk.links.send(s3, n, leg.dev(),
          leg.via())));
    }
    return true;
  }

  /** Adds the routing step; ends the branch (and returns false) when the lookup does not deliver or forward. */
  boolean routeStep(WalkState s, NodeContext n, RouteResult r) {
    Route route = r.route();
    SourceRef ref = route != null ? route.ref() : r.rule() != null ? r.rule().ref() : SourceRef.NONE;
    String table = route != null ? route.table() : "";
    String prefix = route != null ? route.prefix() : "(none)";
    switch (r.disposition()) {
      case FORWARD -> {
        s.step(new Step.RoutingLookup(table, prefix, legsText(r.nexthops()), ref));
        return true;
      }
      case LOCAL -> {
        s.step(new Step.RoutingLookup(table, prefix, "local to " + n.name(), ref));
        return true;
      }
      case NO_ROUTE -> walk.out.end(s, Disposition.NO_ROUTE, Component.ROUTING, new Step.Drop(Disposition.NO_ROUTE,
          "node " + n.name() + " has no route to " + s.packet.dst() + " (" + String.join("; ", r.steps()) + ")",
          routeEvidence(n)));
      default -> walk.out.end(s, Disposition.NULL_ROUTED, Component.ROUTING, new Step.Drop(Disposition.NULL_ROUTED,
          r.disposition().name().toLowerCase() + " route " + prefix + " on " + n.name() + " takes "
              + s.packet.dst(), ref));
    }
    return false;
  }

  private static SourceRef routeEvidence(NodeContext n) {
    return n.dp.routes().isEmpty() ? SourceRef.NONE : SourceRef.line(n.dp.routes().get(0).ref().file(), 0);
  }

  private static String legsText(List<Route.Nexthop> legs) {
    StringBuilder b = new StringBuilder();
    for (Route.Nexthop l : legs) {
      if (b.length() > 0) b.append(" | ");
      b.append(l.via().isEmpty() ? "direct" : "via " + l.via()).append(" dev ").append(l.dev());
      if (l.onlink()) b.append(" onlink");
    }
    return b.toString();
  }

  private static String outDev(RouteResult r) {
    return r.nexthops().isEmpty() ? "" : r.nexthops().get(0).dev();
  }

  /** One continuation per ECMP leg, each with its share of the weight. */
  private void legs(WalkState s, RouteResult r, LegConsumer next) {
    List<Route.Nexthop> legs = r.nexthops();
    if (legs.size() == 1) {
      next.accept(s, legs.get(0));
      return;
    }
    int total = legs.stream().mapToInt(l -> Math.max(1, l.weight())).sum();
    for (Route.Nexthop l : legs) {
      WalkState f = s.fork();
      f.probability *= Math.max(1, l.weight()) / (double) total;
      f.choices.add("ECMP via " + l.via() + " dev " + l.dev());
      next.accept(f, l);
    }
  }

  private interface LegConsumer {
    void accept(WalkState s, Route.Nexthop leg);
  }

  /** Runs one hook and continues every outcome that accepts; the others end their branch. */
  void hook(WalkState s, NodeContext n, Hook hook, String in, String out, Consumer<WalkState> next) {
    hook(s, n, hook, in, out, "", "", next);
  }

  void hook(WalkState s, NodeContext n, Hook hook, String in, String out, String physIn, String physOut,
      Consumer<WalkState> next) {
    CtState ct = s.direction == Hop.Direction.REQUEST ? CtState.NEW : CtState.ESTABLISHED;
    Packet before = s.packet;
    FilterInput fi = new FilterInput(hook, before, ct, in, out, physIn, physOut, s.dnatted, s.ctmark);
    List<FilterOutcome> outcomes = n.filter.run(fi);
    for (FilterOutcome o : outcomes) {
      WalkState f = outcomes.size() == 1 ? s : s.fork();
      f.probability = Double.isNaN(o.probability()) ? Double.NaN : f.probability * o.probability();
      f.choices.addAll(o.choices());
      f.steps(o.steps());
      f.packet = o.packet();
      f.dnatted = o.dnatted();
      f.ctmark = o.ctmark();
      if (o.fate() != Fate.ACCEPT) {
        Disposition d = o.disposition() != null ? o.disposition()
            : hook == Hook.OUTPUT || hook == Hook.POSTROUTING ? Disposition.DENIED_OUT : Disposition.DENIED_IN;
        String chain = o.steps().isEmpty() ? "" : chainOf(o.steps().get(o.steps().size() - 1));
        walk.out.end(f, d, Outcomes.netfilterComponent(d, chain), new Step.Drop(d,
            (o.reason().isEmpty() ? o.fate().name() : o.reason()) + " at " + hook + " on " + n.name(),
            o.evidence()));
        continue;
      }
      if (f.direction == Hop.Direction.REQUEST) walk.conntrack.record(f, n, before, o.steps());
      next.accept(f);
    }
  }

  private static String chainOf(Step step) {
    return step instanceof Step.ChainEvaluation c ? c.chain() : "";
  }

  /** Strict reverse-path filtering: the route back to the source must leave by the interface it came in on. */
  private boolean rpFilter(WalkState s, NodeContext n, String inIface) {
    if (inIface.isEmpty() || s.packet.family() != 4) return true;
    int mode = n.dp.sysctls().effectiveRpFilter(inIface);
    if (mode != 1) return true;
    RouteResult back = n.routing.lookup(s.packet.src(), null, null);
    if (!back.forwards() && back.disposition() != RouteResult.Disposition.LOCAL) {
      return endRp(s, n, inIface, "there is no route back to " + s.packet.src());
    }
    if (back.forwards() && back.nexthops().stream().noneMatch(l -> l.dev().equals(inIface))) {
      return endRp(s, n, inIface, "the route back to " + s.packet.src() + " leaves by "
          + back.nexthops().get(0).dev() + ", not " + inIface);
    }
    return true;
  }

  private boolean endRp(WalkState s, NodeContext n, String inIface, String why) {
    SourceRef ref = n.dp.sysctls().rpFilter(inIface).or(() -> n.dp.sysctls().rpFilter("all"))
        .map(Sysctls.Sysctl::ref).orElse(SourceRef.NONE);
    walk.out.end(s, Disposition.RP_FILTER_DROP, Component.KERNEL, new Step.Drop(Disposition.RP_FILTER_DROP,
        "rp_filter=1 on " + inIface + " of " + n.name() + ": " + why, ref));
    return false;
  }

  /** ip_forward must be on for a node to route anything it did not originate. */
  private boolean forwarding(WalkState s, NodeContext n) {
    String key = s.packet.family() == 6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward";
    var v = n.dp.sysctls().get(key);
    if (v.isEmpty()) {
      walk.out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(
          Disposition.INSUFFICIENT_INFO, "node " + n.name() + " must forward this packet, and the bundle has no "
              + key + " for it", SourceRef.NONE));
      return false;
    }
    Long on = v.get().number();
    if (on != null && on == 1) return true;
    walk.out.end(s, Disposition.FORWARDING_DISABLED, Component.KERNEL, new Step.KernelSetting(key,
        v.get().value(), "node " + n.name() + " does not forward: the packet is dropped", v.get().ref()));
    return false;
  }
}
