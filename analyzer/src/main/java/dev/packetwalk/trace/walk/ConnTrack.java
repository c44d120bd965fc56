package dev.packetwalk.trace.walk;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import java.util.List;

/**
 * conntrack along a walk: each node remembers how it translated the request, and undoes it on the reply (the
 * destination before routing, the source on the way out), as the kernel's NAT does for established connections.
 */
final class ConnTrack {

  /**
   * After a hook accepted the request: keep what this node's NAT did to it, across all hooks so far.
   *
   * @param steps the steps of that hook: the last NAT among them is what the reverse translation cites
   */
  void record(WalkState s, NodeContext n, Packet before, List<Step> steps) {
    if (before.equals(s.packet)) return;
    WalkState.Nat prior = s.nat.get(n.name());
    Packet original = prior == null ? before : prior.before();
    SourceRef ref = prior == null ? SourceRef.NONE : prior.ref();
    for (Step st : steps) if (st instanceof Step.NatTransformation t && !t.evidence().isNone()) ref = t.evidence();
    s.nat.put(n.name(), new WalkState.Nat(original, s.packet, ref));
  }

  boolean dnatted(WalkState s, NodeContext n) {
    WalkState.Nat e = s.nat.get(n.name());
    return e != null && !e.before().dst().equals(e.after().dst());
  }

  /** Reply entering a node that source-NATed the request: restore the original client as its destination. */
  void unSnat(WalkState s, NodeContext n) {
    if (s.bypassed.contains(n.name())) return;
    WalkState.Nat e = s.nat.get(n.name());
    if (e == null) return;
    Packet p = s.packet;
    boolean snat = !e.before().src().equals(e.after().src()) || e.before().sport() != e.after().sport();
    if (snat && p.dst().equals(e.after().src()) && p.dport() == e.after().sport()) {
      s.packet = p.withDst(e.before().src(), e.before().sport());
      s.step(new Step.Conntrack("reply of a source-NATed connection", "restores the client " + e.before().src(),
          e.ref()));
      s.step(new Step.NatTransformation("un-SNAT", p.tuple(), s.packet.tuple(), e.ref()));
    }
  }

  /** Reply leaving a node that destination-NATed the request: restore the address the client sent to. */
  void unDnat(WalkState s, NodeContext n) {
    if (s.bypassed.contains(n.name())) return;
    WalkState.Nat e = s.nat.get(n.name());
    if (e == null) return;
    Packet p = s.packet;
    boolean dnat = !e.before().dst().equals(e.after().dst()) || e.before().dport() != e.after().dport();
    if (dnat && p.src().equals(e.after().dst()) && p.sport() == e.after().dport()) {
      s.packet = p.withSrc(e.before().dst(), e.before().dport());
      s.step(new Step.Conntrack("reply of a destination-NATed connection", "restores the Service address "
          + e.before().dst(), e.ref()));
      s.step(new Step.NatTransformation("un-DNAT", p.tuple(), s.packet.tuple(), e.ref()));
    }
  }
}
