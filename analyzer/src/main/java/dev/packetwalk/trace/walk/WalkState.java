package dev.packetwalk.trace.walk;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One branch of a walk in progress: the packet as it is now, the hops behind it, and the connection state the nodes
 * it passed hold. Forking copies it, so that branches never share mutable state.
 */
final class WalkState {
  Packet packet;
  double probability = 1.0;
  final List<String> choices;
  final List<Hop> hops;
  /** The hop being filled: where it is, and its steps so far. */
  String hopNode = "";
  Hop.Place hopPlace = Hop.Place.POD;
  String hopWhere = "";
  List<Step> steps;
  Hop.Direction direction = Hop.Direction.REQUEST;
  /** Per node, the request's tuple before and after that node's NAT: what conntrack undoes on the reply. */
  final Map<String, Nat> nat;
  /** Places already passed in this direction, to catch loops. */
  final Set<String> visited;
  /** Whether this node's conntrack holds a DNAT for the connection. */
  boolean dnatted;
  long ctmark;
  /** Nodes where the reply was bridged past conntrack (bridge-nf-call-iptables off): reverse NAT did not happen. */
  final Set<String> bypassed;
  int hopCount;
  /** {@code node|port}: the bridge port the packet entered its current node by, for hairpin decisions; or "". */
  String bridgeInPort = "";

  /** A node's translation of the request: before and after, and the rule (or IPVS entry) that made it. */
  record Nat(Packet before, Packet after, SourceRef ref) {}

  WalkState(Packet packet) {
    this.packet = packet;
    this.choices = new ArrayList<>();
    this.hops = new ArrayList<>();
    this.steps = new ArrayList<>();
    this.nat = new HashMap<>();
    this.visited = new HashSet<>();
    this.bypassed = new HashSet<>();
  }

  private WalkState(WalkState o) {
    packet = o.packet;
    probability = o.probability;
    choices = new ArrayList<>(o.choices);
    hops = new ArrayList<>(o.hops);
    hopNode = o.hopNode;
    hopPlace = o.hopPlace;
    hopWhere = o.hopWhere;
    steps = new ArrayList<>(o.steps);
    direction = o.direction;
    nat = new HashMap<>(o.nat);
    visited = new HashSet<>(o.visited);
    dnatted = o.dnatted;
    ctmark = o.ctmark;
    bypassed = new HashSet<>(o.bypassed);
    hopCount = o.hopCount;
    bridgeInPort = o.bridgeInPort;
  }

  WalkState fork() {
    return new WalkState(this);
  }

  /** Closes the current hop (if it has steps) and opens the next. */
  void enter(String node, Hop.Place place, String where) {
    closeHop();
    hopNode = node;
    hopPlace = place;
    hopWhere = where;
    hopCount++;
  }

  void closeHop() {
    if (!steps.isEmpty()) hops.add(new Hop(hopNode, hopPlace, hopWhere, direction, steps));
    steps = new ArrayList<>();
  }

  void step(Step s) {
    steps.add(s);
  }

  void steps(List<Step> s) {
    steps.addAll(s);
  }
}
