package dev.packetwalk.trace.walk;

import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.BreakAt;
import dev.packetwalk.trace.Component;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Step;
import java.util.ArrayList;
import java.util.List;

/** Collects the branches a walk ends in. */
final class Outcomes {
  private final List<Branch> branches = new ArrayList<>();

  /** Ends {@code s} with {@code last} as its final step. */
  void end(WalkState s, Disposition d, Component component, Step last) {
    s.step(last);
    String node = s.hopNode;
    s.closeHop();
    BreakAt at = d.success() ? null : new BreakAt(node, component, d, last);
    branches.add(new Branch(s.probability, choices(s), d, s.hops, at));
  }

  /**
   * The choices that name a branch for a person: a random rule's "not taken" alternatives say little, so they give
   * way to where the branch actually went (its DNAT or IPVS destination).
   */
  private static List<String> choices(WalkState s) {
    List<String> out = new ArrayList<>();
    for (String c : s.choices) if (!c.startsWith("not ")) out.add(c);
    for (Hop h : s.hops) {
      for (Step st : h.steps()) {
        if (st instanceof Step.NatTransformation n && n.kind().equals("DNAT")) out.add("DNAT to " + after(n.after()));
        if (st instanceof Step.IpvsScheduling v) out.add("IPVS to " + v.realServer());
      }
    }
    return out.isEmpty() ? s.choices : out;
  }

  /** The destination of a tuple as {@link dev.packetwalk.trace.Packet#tuple()} prints it. */
  private static String after(String tuple) {
    int arrow = tuple.lastIndexOf("→ ");
    return arrow < 0 ? tuple : tuple.substring(arrow + 2);
  }

  List<Branch> branches() {
    return List.copyOf(branches);
  }

  /** The component a netfilter drop belongs to, from its disposition and the chain that decided. */
  static Component netfilterComponent(Disposition d, String chain) {
    return switch (d) {
      case REJECTED_NO_ENDPOINTS, DROPPED_NO_LOCAL_ENDPOINTS, DROPPED_LB_SOURCE_RANGE -> Component.KUBE_PROXY;
      case DROPPED_BY_POLICY -> Component.NETWORK_POLICY;
      case DROPPED_CT_INVALID -> Component.CONNTRACK;
      case INSUFFICIENT_INFO -> Component.EVIDENCE;
      default -> chain.startsWith("KUBE-") ? Component.KUBE_PROXY : Component.FIREWALL;
    };
  }
}
