package dev.packetwalk.trace.walk;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.Listener;
import dev.packetwalk.model.node.NodeAddress;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.PodNetns;
import dev.packetwalk.model.node.RouteLookup;
import dev.packetwalk.model.node.RouteResult;
import dev.packetwalk.model.node.Sysctls;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.Component;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.netfilter.Hook;
import java.util.List;
import java.util.Optional;

/**
 * One flow's walk: from its ingress point through pod namespaces, node stacks, bridges and tunnels to a socket, and the
 * answer back. Stages live in {@link NodeStack} (hooks, routing), {@link Links} (interfaces, wires, tunnels) and
 * {@link ConnTrack} (reverse NAT); this class holds the pod ends and the ends of the walk.
 */
final class Walk {
  static final int MAX_HOPS = 40;
  final Topology topo;
  final Flow flow;
  final Outcomes out = new Outcomes();
  final NodeStack stack = new NodeStack(this);
  final Links links = new Links(this);
  final ConnTrack conntrack = new ConnTrack();

  Walk(Topology topo, Flow flow) {
    this.topo = topo;
    this.flow = flow;
  }

  List<Branch> run() {
    WalkState s = new WalkState(flow.firstPacket());
    Flow.Start st = flow.start();
    Optional<NodeContext> n = topo.node(st.node());
    if (n.isEmpty()) {
      s.enter(st.node(), Hop.Place.NODE, "node " + st.node());
      out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "the bundle has no dataplane evidence for node " + (st.node().isEmpty() ? "(unknown)" : st.node()),
          SourceRef.NONE));
      return out.branches();
    }
    switch (st.kind()) {
      case POD -> startPod(s, n.get());
      case NODE -> {
        s.enter(n.get().name(), Hop.Place.NODE, "node " + n.get().name());
        stack.originate(s, n.get());
      }
      case EXTERNAL -> {
        NodeContext node = n.get();
        String in = node.address(flow.dst()).map(NodeAddress::iface).orElseGet(() -> underlayOf(node));
        s.enter(node.name(), Hop.Place.NODE, "node " + node.name());
        s.step(new Step.EnterInterface(in, node.iface(in).map(NodeInterface::kind).orElse(""),
            "from outside the cluster (" + flow.src() + ")", node.iface(in).map(NodeInterface::ref)
                .orElse(SourceRef.NONE)));
        stack.receive(s, node, in);
      }
    }
    return out.branches();
  }

  private String underlayOf(NodeContext n) {
    return topo.cluster.node(n.name()).flatMap(k -> k.internalIP()).flatMap(n::address).map(NodeAddress::iface)
        .orElse("");
  }

  private void startPod(WalkState s, NodeContext n) {
    Optional<PodJoin> j = n.dp.pods().stream()
        .filter(p -> p.podKey().equals(flow.start().pod()) || p.podIP().equals(flow.src())).findFirst();
    if (j.isEmpty()) {
      s.enter(n.name(), Hop.Place.POD, "pod " + flow.start().pod());
      out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "node " + n.name() + "'s evidence has no network namespace or veth for pod " + flow.start().pod(),
          SourceRef.NONE));
      return;
    }
    leavePod(s, n, j.get());
  }

  /** Out of a pod's namespace: its own route lookup, then across the veth to the host. */
  void leavePod(WalkState s, NodeContext n, PodJoin j) {
    Optional<PodNetns> ns = n.netns(j.netns());
    s.enter(n.name(), Hop.Place.POD, "pod " + label(j));
    String next = s.packet.dst();
    if (ns.isPresent() && !ns.get().routes().isEmpty()) {
      RouteResult r = new RouteLookup(ns.get().routes(), List.of()).lookup(s.packet.dst());
      if (r.disposition() == RouteResult.Disposition.NO_ROUTE || r.route() == null) {
        out.end(s, Disposition.NO_ROUTE, Component.POD, new Step.Drop(Disposition.NO_ROUTE,
            "pod " + label(j) + " has no route to " + s.packet.dst(), ns.get().routes().get(0).ref()));
        return;
      }
      if (!r.forwards()) {
        out.end(s, r.route().rejects() ? Disposition.NULL_ROUTED : Disposition.INSUFFICIENT_INFO, Component.POD,
            new Step.Drop(r.route().rejects() ? Disposition.NULL_ROUTED : Disposition.INSUFFICIENT_INFO,
                "pod " + label(j) + " routes " + s.packet.dst() + " " + r.route().type(), r.route().ref()));
        return;
      }
      String via = r.nexthops().get(0).via();
      s.step(new Step.RoutingLookup("", r.route().prefix(), (via.isEmpty() ? "direct" : "via " + via) + " dev "
          + r.nexthops().get(0).dev(), r.route().ref()));
      if (!via.isEmpty()) next = via;
    } else {
      s.step(new Step.RoutingLookup("", "(not collected)", "out of eth0, the pod's only link to the host",
          j.refs().isEmpty() ? SourceRef.NONE : j.refs().get(0)));
    }
    int mtu = ns.map(PodNetns::eth0Mtu).orElse(0);
    if (mtu > 0 && s.packet.length() > mtu && s.packet.proto() == Proto.TCP) {
      s.packet = s.packet.withLength(mtu);
    }
    if (j.hostInterface().isEmpty()) {
      out.end(s, Disposition.INSUFFICIENT_INFO, Component.POD_WIRING, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "no host veth is known for pod " + label(j) + " on " + n.name(), j.refs().isEmpty() ? SourceRef.NONE
              : j.refs().get(0)));
      return;
    }
    Optional<NodeInterface> veth = n.iface(j.hostInterface());
    s.enter(n.name(), Hop.Place.NODE, "node " + n.name());
    s.step(new Step.EnterInterface(j.hostInterface(), "veth", "host end of " + label(j) + "'s eth0",
        veth.map(NodeInterface::ref).orElse(SourceRef.NONE)));
    if (veth.isPresent() && !veth.get().up()) {
      out.end(s, Disposition.NO_ROUTE, Component.POD_WIRING, new Step.Drop(Disposition.NO_ROUTE,
          "host veth " + j.hostInterface() + " of " + label(j) + " is down", veth.get().ref()));
      return;
    }
    String bridge = veth.map(NodeInterface::master).orElse("");
    if (bridge.isEmpty()) {
      stack.receive(s, n, j.hostInterface());
      return;
    }
    boolean routesKnown = ns.isPresent() && !ns.get().routes().isEmpty();
    if (n.address(next).isPresent() || !routesKnown && n.podByIp(next).isEmpty()) {
      s.step(new Step.EnterInterface(bridge, "bridge", "addressed to the bridge itself: routed by the node",
          n.iface(bridge).map(NodeInterface::ref).orElse(SourceRef.NONE)));
      s.bridgeInPort = n.name() + "|" + j.hostInterface();
      stack.receive(s, n, bridge);
      return;
    }
    bridged(s, n, bridge, j, next);
  }

  /** Pod to pod on one bridge: the node's IP stack sees it only through br_netfilter. */
  private void bridged(WalkState s, NodeContext n, String bridge, PodJoin from, String next) {
    Optional<PodJoin> to = n.podByIp(next).filter(p -> n.iface(p.hostInterface()).map(NodeInterface::master)
        .orElse("").equals(bridge));
    SourceRef bref = n.iface(bridge).map(NodeInterface::ref).orElse(SourceRef.NONE);
    if (to.isEmpty()) {
      out.end(s, Disposition.NEIGHBOR_UNREACHABLE, Component.POD_WIRING, new Step.Drop(
          Disposition.NEIGHBOR_UNREACHABLE, "no port of " + bridge + " on " + n.name() + " answers ARP for " + next,
          bref));
      return;
    }
    s.step(new Step.EnterInterface(bridge, "bridge", "bridged from " + from.hostInterface() + " to "
        + to.get().hostInterface(), bref));
    Sysctls sys = n.dp.sysctls();
    Optional<Sysctls.Sysctl> brnf = sys.bridgeNfCallIptables();
    if (brnf.isEmpty() && !sys.present()) {
      out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "bridged traffic on " + n.name() + " passes iptables only with br_netfilter, and the bundle has no "
              + "sysctls for this node", SourceRef.NONE));
      return;
    }
    boolean on = brnf.map(Sysctls.Sysctl::number).map(v -> v == 1).orElse(false);
    if (!on) {
      s.step(new Step.KernelSetting("net.bridge.bridge-nf-call-iptables", brnf.map(Sysctls.Sysctl::value)
          .orElse("(br_netfilter not loaded)"), "bridged without iptables or conntrack",
          brnf.map(Sysctls.Sysctl::ref).orElse(SourceRef.NONE)));
      if (s.direction == Hop.Direction.REPLY && s.nat.containsKey(n.name())) s.bypassed.add(n.name());
      enterPod(s, n, to.get());
      return;
    }
    String in = from.hostInterface();
    String outPort = to.get().hostInterface();
    if (s.direction == Hop.Direction.REPLY) conntrack.unSnat(s, n);
    stack.hook(s, n, Hook.PREROUTING, bridge, "", in, "", s2 ->
        stack.hook(s2, n, Hook.FORWARD, bridge, bridge, in, outPort, s3 ->
            stack.hook(s3, n, Hook.POSTROUTING, bridge, bridge, in, outPort, s4 -> {
              if (s4.direction == Hop.Direction.REPLY) conntrack.unDnat(s4, n);
              enterPod(s4, n, to.get());
            })));
  }

  /** Into a pod's namespace across its veth: a socket answers, or the reply reaches its client. */
  void enterPod(WalkState s, NodeContext n, PodJoin j) {
    Optional<PodNetns> ns = n.netns(j.netns());
    s.enter(n.name(), Hop.Place.POD, "pod " + label(j));
    s.step(new Step.EnterInterface("eth0", "veth", "peer of " + j.hostInterface(),
        ns.map(PodNetns::eth0Ref).filter(r -> !r.isNone()).orElse(j.refs().isEmpty() ? SourceRef.NONE
            : j.refs().get(0))));
    Packet p = s.packet;
    if (s.direction == Hop.Direction.REPLY) {
      replyArrives(s, "pod " + label(j));
      return;
    }
    if (p.proto() == Proto.ICMP) {
      s.step(new Step.Deliver("pod " + label(j), "the kernel answers the echo request", SourceRef.NONE));
      reply(s, n, j);
      return;
    }
    if (ns.isEmpty() || !ns.get().listenersKnown()) {
      out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "reached pod " + label(j) + ", whose listening sockets are not in the bundle, so whether "
              + p.proto().lower() + " port " + p.dport() + " answers is unknown", SourceRef.NONE));
      return;
    }
    Optional<Listener> l = ns.get().listeners().stream().filter(x -> x.accepts(p.proto().lower(), p.dst(), p.dport()))
        .findFirst();
    if (l.isEmpty()) {
      out.end(s, Disposition.NO_LISTENER, Component.POD, new Step.Drop(Disposition.NO_LISTENER,
          "nothing in pod " + label(j) + " listens on " + p.proto().lower() + " " + p.dst() + ":" + p.dport()
              + (p.proto() == Proto.TCP ? ": it answers with a RST" : ": it answers with ICMP port unreachable"),
          ns.get().listeners().isEmpty() ? ns.get().ref()
              : SourceRef.line(ns.get().listeners().get(0).ref().file(), 1)));
      return;
    }
    s.step(new Step.Deliver("pod " + label(j), l.get().protocol() + " " + l.get().address() + ":" + l.get().port()
        + (l.get().process().isEmpty() ? "" : " (" + l.get().process() + ")"), l.get().ref()));
    reply(s, n, j);
  }

  /** The answer leaves the pod that received the request. */
  private void reply(WalkState s, NodeContext n, PodJoin j) {
    s.closeHop();
    s.direction = Hop.Direction.REPLY;
    s.visited.clear();
    int mtu = n.netns(j.netns()).map(PodNetns::eth0Mtu).orElse(0);
    int len = flow.replyLength();
    if (mtu > 0 && flow.proto() == Proto.TCP) len = Math.min(len, mtu);
    s.packet = s.packet.reversed(len);
    leavePod(s, n, j);
  }

  /** The packet reached the node's own stack (after INPUT): a socket of the node answers, or the kernel refuses. */
  void deliverToNode(WalkState s, NodeContext n) {
    if (s.direction == Hop.Direction.REPLY) {
      replyArrives(s, "node " + n.name());
      return;
    }
    Packet p = s.packet;
    if (p.proto() == Proto.ICMP) {
      s.step(new Step.Deliver("node " + n.name(), "the kernel answers the echo request", SourceRef.NONE));
      replyFromNode(s, n);
      return;
    }
    if (!n.dp.listenersKnown()) {
      out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "delivered to node " + n.name() + "'s own stack on " + p.proto().lower() + " port " + p.dport()
              + "; the node's listening sockets are not in the bundle", SourceRef.NONE));
      return;
    }
    Optional<Listener> l = n.dp.listeners().stream().filter(x -> x.accepts(p.proto().lower(), p.dst(), p.dport()))
        .findFirst();
    if (l.isEmpty()) {
      boolean nodePort = topo.cluster.services().stream().flatMap(v -> v.ports().stream())
          .anyMatch(sp -> sp.nodePort() == p.dport());
      String why = p.proto() == Proto.TCP ? "the kernel answers with a RST" : "the kernel answers with ICMP port "
          + "unreachable";
      out.end(s, Disposition.NO_LISTENER, nodePort ? Component.KUBE_PROXY : Component.POD, new Step.Drop(
          Disposition.NO_LISTENER, "nothing on node " + n.name() + " listens on " + p.proto().lower() + " " + p.dst()
              + ":" + p.dport() + (nodePort ? ", a Service's NodePort that no kube-proxy rule translated" : "")
              + ": " + why, n.dp.listenersRef()));
      return;
    }
    s.step(new Step.Deliver("node " + n.name(), l.get().protocol() + " " + l.get().address() + ":" + l.get().port()
        + (l.get().process().isEmpty() ? "" : " (" + l.get().process() + ")"), l.get().ref()));
    replyFromNode(s, n);
  }

  private void replyFromNode(WalkState s, NodeContext n) {
    s.closeHop();
    s.direction = Hop.Direction.REPLY;
    s.visited.clear();
    s.packet = s.packet.reversed(flow.replyLength());
    s.enter(n.name(), Hop.Place.NODE, "node " + n.name());
    stack.originate(s, n);
  }

  /** The request left the cluster towards an address no evidence describes. */
  void exits(WalkState s, NodeContext n, String next) {
    String node = s.hopNode;
    s.closeHop();
    out.end(s, Disposition.EXITS_NETWORK, Component.ROUTING, new Step.Deliver("outside the cluster",
        "from " + node + " via " + next, SourceRef.NONE));
  }

  /** The reply leaves the cluster: to an external client, it has arrived. */
  void replyLeaves(WalkState s, NodeContext n, String dev, String next) {
    replyArrives(s, "the outside client via " + next + " dev " + dev);
  }

  /** The reply is back where the request began: it counts only if it carries the tuple the client expects. */
  private void replyArrives(WalkState s, String where) {
    Packet expect = flow.firstPacket().reversed(0);
    Packet p = s.packet;
    boolean ok = p.src().equals(expect.src()) && p.dst().equals(expect.dst())
        && (!p.proto().hasPorts() || p.sport() == expect.sport() && p.dport() == expect.dport());
    if (ok) {
      out.end(s, Disposition.DELIVERED, Component.POD, new Step.Deliver(where, "the answer " + p.tuple()
          + " matches the request", SourceRef.NONE));
      return;
    }
    String bypass = s.bypassed.isEmpty() ? "" : " (bridged past conntrack on " + String.join(", ",
        s.bypassed.stream().sorted().toList()) + ")";
    out.end(s, Disposition.REPLY_NOT_REVERSED, Component.CONNTRACK, new Step.Drop(Disposition.REPLY_NOT_REVERSED,
        "the answer arrives as " + p.tuple() + " but the client sent to " + flow.firstPacket().tuple() + bypass
            + ": the client discards it", SourceRef.NONE));
  }

  static String label(PodJoin j) {
    return j.podKey().isEmpty() ? (j.podIP().isEmpty() ? j.netns() : j.podIP()) : j.podKey();
  }
}
