package dev.packetwalk.trace.walk;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.node.FdbEntry;
import dev.packetwalk.model.node.Neighbour;
import dev.packetwalk.model.node.NodeAddress;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.RouteResult;
import dev.packetwalk.trace.Component;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import java.util.List;
import java.util.Optional;

/**
 * What happens after a node decided to send a packet out of an interface: a bridge port or a routed veth into a pod,
 * a tunnel device wrapping it for another node, or the underlay wire to the next node or out of the cluster.
 */
final class Links {
  private static final int VXLAN_OVERHEAD = 50;
  private static final int IPIP_OVERHEAD = 20;
  private final Walk walk;

  Links(Walk walk) {
    this.walk = walk;
  }

  void send(WalkState s, NodeContext n, String dev, String via) {
    Optional<NodeInterface> oi = n.iface(dev);
    if (oi.isEmpty()) {
      walk.out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "the route leaves by " + dev + ", which node " + n.name() + "'s link evidence does not show",
          SourceRef.NONE));
      return;
    }
    NodeInterface i = oi.get();
    if (!mtuFits(s, n, i, s.packet.length())) return;
    String next = via.isEmpty() ? s.packet.dst() : via;
    switch (i.kind()) {
      case "bridge" -> toBridgePort(s, n, i, next);
      case "veth" -> {
        if (n.podByVeth(i.name()).filter(j -> !j.netns().isEmpty() || !j.podKey().isEmpty()).isPresent()) {
          toRoutedVeth(s, n, i);
        } else {
          wire(s, n, i, next, null);
        }
      }
      case "vxlan", "geneve" -> overlay(s, n, i, next);
      case "ipip" -> ipip(s, n, i, next);
      default -> wire(s, n, i, next, null);
    }
  }

  private boolean mtuFits(WalkState s, NodeContext n, NodeInterface i, int size) {
    if (i.mtu() <= 0 || size <= i.mtu()) return true;
    walk.out.end(s, Disposition.MTU_EXCEEDED, Component.KERNEL, new Step.Drop(Disposition.MTU_EXCEEDED,
        size + "-byte packet does not fit " + i.name() + " (MTU " + i.mtu() + ") on " + n.name()
            + "; path MTU discovery recovers only if ICMP fragmentation-needed reaches the sender", i.ref()));
    return false;
  }

  /** Out of a bridge: to the port whose pod has the next-hop address. */
  private void toBridgePort(WalkState s, NodeContext n, NodeInterface bridge, String next) {
    Optional<PodJoin> j = n.podByIp(next).filter(p -> !p.hostInterface().isEmpty());
    if (j.isEmpty()) {
      Optional<Neighbour> nb = n.neighbour(next, bridge.name());
      walk.out.end(s, nb.isPresent() ? Disposition.NEIGHBOR_UNREACHABLE : Disposition.INSUFFICIENT_INFO,
          nb.isPresent() ? Component.NEIGHBOUR : Component.EVIDENCE, new Step.Drop(
              nb.isPresent() ? Disposition.NEIGHBOR_UNREACHABLE : Disposition.INSUFFICIENT_INFO,
              "no pod of " + n.name() + " with a veth on " + bridge.name() + " has " + next,
              nb.map(Neighbour::ref).orElse(bridge.ref())));
      return;
    }
    s.step(new Step.EnterInterface(bridge.name(), "bridge", "to port " + j.get().hostInterface(), bridge.ref()));
    if (s.bridgeInPort.equals(n.name() + "|" + j.get().hostInterface()) && !hairpin(s, n, j.get())) return;
    walk.enterPod(s, n, j.get());
  }

  /**
   * Back out of the bridge port it came in by. With br_netfilter on, a translated packet (a pod reaching itself
   * through its Service, or the answer to that) is bridged rather than routed, and the bridge sends a frame back out
   * its ingress port only with hairpin mode on; with br_netfilter off the node routes it, and no hairpin is needed.
   * Both were confirmed on this kernel with a bridge, a veth and a DNAT rule.
   */
  private boolean hairpin(WalkState s, NodeContext n, PodJoin j) {
    boolean brnf = n.dp.sysctls().bridgeNfCallIptables().map(v -> v.number()).map(v -> v == 1).orElse(false);
    if (!brnf) return true;
    Optional<NodeInterface> port = n.iface(j.hostInterface());
    Boolean on = port.map(NodeInterface::hairpin).orElse(null);
    SourceRef ref = port.map(NodeInterface::ref).orElse(SourceRef.NONE);
    if (on == null) {
      walk.out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "the packet goes back out bridge port " + j.hostInterface() + ", which it came in by, and that port's "
              + "hairpin mode is not in the bundle (bridge -d link)", ref));
      return false;
    }
    if (on) {
      s.step(new Step.KernelSetting("hairpin " + j.hostInterface(), "on", "the bridge sends it back out the port "
          + "it came in by", ref));
      return true;
    }
    walk.out.end(s, Disposition.HAIRPIN_DISABLED, Component.POD_WIRING, new Step.Drop(Disposition.HAIRPIN_DISABLED,
        "the packet must go back out bridge port " + j.hostInterface() + " of " + n.name() + ", which it came in "
            + "by, and hairpin mode is off there: the bridge drops it", ref));
    return false;
  }

  /** A routed veth (Calico-style): its peer is the pod. */
  private void toRoutedVeth(WalkState s, NodeContext n, NodeInterface veth) {
    Optional<PodJoin> j = n.podByVeth(veth.name());
    if (j.isEmpty()) {
      walk.out.end(s, Disposition.INSUFFICIENT_INFO, Component.POD_WIRING, new Step.Drop(
          Disposition.INSUFFICIENT_INFO, "no pod is known behind veth " + veth.name() + " on " + n.name(),
          veth.ref()));
      return;
    }
    walk.enterPod(s, n, j.get());
  }

  /** VXLAN or Geneve: the next hop's MAC from the neighbour table, its VTEP from the FDB. */
  private void overlay(WalkState s, NodeContext n, NodeInterface dev, String next) {
    Optional<Neighbour> nb = n.neighbour(next, dev.name());
    if (nb.isEmpty() || nb.get().unresolved() || nb.get().lladdr().isEmpty()) {
      neighbourFail(s, n, dev, next, nb, Component.TUNNEL);
      return;
    }
    s.step(new Step.NeighbourLookup(next, dev.name(), nb.get().lladdr(), String.join(",", nb.get().states()), false,
        nb.get().ref()));
    String remote = dev.tunnel() == null ? "" : dev.tunnel().remote();
    SourceRef remoteRef = dev.ref();
    if (remote.isEmpty()) {
      List<FdbEntry> fdb = n.fdb(nb.get().lladdr(), dev.name());
      Optional<FdbEntry> e = fdb.stream().filter(f -> !f.dst().isEmpty()).findFirst();
      if (e.isEmpty()) {
        walk.out.end(s, Disposition.NEIGHBOR_UNREACHABLE, Component.TUNNEL, new Step.Drop(
            Disposition.NEIGHBOR_UNREACHABLE, dev.name() + " on " + n.name() + " has no FDB entry for "
                + nb.get().lladdr() + " (" + next + "): no VTEP to send it to", dev.ref()));
        return;
      }
      remote = e.get().dst();
      remoteRef = e.get().ref();
      s.step(new Step.NeighbourLookup(nb.get().lladdr(), dev.name(), remote, e.get().state(), true, remoteRef));
    }
    encapsulate(s, n, dev, dev.kind(), remote, remoteRef, VXLAN_OVERHEAD);
  }

  private void ipip(WalkState s, NodeContext n, NodeInterface dev, String next) {
    String remote = dev.tunnel() != null && !dev.tunnel().remote().isEmpty() ? dev.tunnel().remote() : next;
    encapsulate(s, n, dev, "ipip", remote, dev.ref(), IPIP_OVERHEAD);
  }

  private void encapsulate(WalkState s, NodeContext n, NodeInterface dev, String kind, String remote,
      SourceRef ref, int overhead) {
    RouteResult r = n.routing.lookup(remote);
    if (!walk.stack.routeStep(s, n, r)) return;
    if (r.disposition() != RouteResult.Disposition.FORWARD) {
      walk.out.end(s, Disposition.INSUFFICIENT_INFO, Component.TUNNEL, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "tunnel remote " + remote + " is local to " + n.name(), ref));
      return;
    }
    String under = r.nexthops().get(0).dev();
    String local = dev.tunnel() != null && !dev.tunnel().local().isEmpty() ? dev.tunnel().local()
        : n.host.primaryAddress(under, 4);
    s.step(new Step.Encapsulation(kind, dev.name(), local == null ? "?" : local, remote, ref));
    Optional<NodeInterface> ui = n.iface(under);
    if (ui.isPresent() && !mtuFits(s, n, ui.get(), s.packet.length() + overhead)) return;
    String via = r.nexthops().get(0).via();
    wire(s, n, ui.orElse(null), via.isEmpty() ? remote : via, new Tunnel(kind, dev, remote));
  }

  /** The wrapping the packet travels in across the underlay. */
  record Tunnel(String kind, NodeInterface device, String remote) {}

  /** Onto the underlay: to the node that owns the next hop, or out of the cluster. */
  private void wire(WalkState s, NodeContext n, NodeInterface out, String next, Tunnel tunnel) {
    String dev = out == null ? "" : out.name();
    Optional<Neighbour> nb = n.neighbour(next, dev);
    if (nb.isPresent() && nb.get().unresolved()) {
      neighbourFail(s, n, out, next, nb, Component.NEIGHBOUR);
      return;
    }
    nb.ifPresent(x -> s.step(new Step.NeighbourLookup(next, dev, x.lladdr(), String.join(",", x.states()), false,
        x.ref())));
    Optional<String> owner = walk.topo.nodeOwning(next);
    if (owner.isEmpty()) {
      leaveCluster(s, n, dev, next, tunnel);
      return;
    }
    Optional<NodeContext> remote = walk.topo.node(owner.get());
    if (remote.isEmpty()) {
      walk.out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(Disposition.INSUFFICIENT_INFO,
          "next hop " + next + " is node " + owner.get() + ", whose dataplane evidence is not in the bundle",
          SourceRef.NONE));
      return;
    }
    NodeContext r = remote.get();
    String inIface = r.address(next).map(NodeAddress::iface).orElse("");
    // the wire between the two nodes is a hop of its own, so that a loss the captures place there has one to sit on
    s.enter("", Hop.Place.UNDERLAY, "underlay " + n.name() + " → " + r.name());
    s.step(new Step.EnterInterface("underlay", tunnel == null ? "wire" : tunnel.kind(), "from " + n.name()
        + (dev.isEmpty() ? "" : " " + dev) + " to " + r.name() + ", whose address " + next + " is the next hop",
        r.address(next).map(NodeAddress::ref).orElse(SourceRef.NONE)));
    s.enter(r.name(), Hop.Place.NODE, "node " + r.name());
    Optional<NodeInterface> ri = r.iface(inIface);
    s.step(new Step.EnterInterface(inIface.isEmpty() ? "(underlay)" : inIface, ri.map(NodeInterface::kind)
        .orElse(""), "from " + n.name(), r.address(next).map(NodeAddress::ref).orElse(SourceRef.NONE)));
    if (tunnel == null) {
      walk.stack.receive(s, r, inIface);
      return;
    }
    Optional<NodeInterface> decap = r.dp.interfaces().stream()
        .filter(i -> i.kind().equals(tunnel.kind()) && sameTunnel(i, tunnel.device())).findFirst();
    if (decap.isEmpty()) {
      walk.out.end(s, Disposition.DENIED_IN, Component.TUNNEL, new Step.Drop(Disposition.DENIED_IN,
          "node " + r.name() + " has no " + tunnel.kind() + " device matching " + tunnel.device().name()
              + " of " + n.name() + " to unwrap it", SourceRef.NONE));
      return;
    }
    s.step(new Step.Decapsulation(tunnel.kind(), decap.get().name(), decap.get().ref()));
    walk.stack.receive(s, r, decap.get().name());
  }

  private static boolean sameTunnel(NodeInterface candidate, NodeInterface sender) {
    if (candidate.tunnel() == null || sender.tunnel() == null) return true;
    boolean vni = candidate.tunnel().vni() == sender.tunnel().vni();
    boolean port = candidate.tunnel().dstport() == sender.tunnel().dstport();
    return vni && port;
  }

  /**
   * The next hop is no node of the cluster. For a destination outside the cluster that is where it leaves; for a pod
   * or node address it is a route the CNI should have written and did not (when the CNI routes per node).
   */
  private void leaveCluster(WalkState s, NodeContext n, String dev, String next, Tunnel tunnel) {
    Packet p = s.packet;
    if (s.direction == Hop.Direction.REPLY && !walk.topo.inCluster(p.dst())) {
      walk.replyLeaves(s, n, dev, next);
      return;
    }
    if (s.direction == Hop.Direction.REQUEST && (tunnel != null || !walk.topo.inCluster(p.dst()))) {
      s.step(new Step.Deliver("the network beyond " + n.name(), "via " + next + " dev " + dev, SourceRef.NONE));
      walk.exits(s, n, next);
      return;
    }
    Optional<Service> svc = walk.topo.serviceAt(p.dst());
    if (svc.isPresent()) {
      walk.out.end(s, Disposition.NO_ROUTE, Component.KUBE_PROXY, new Step.Drop(Disposition.NO_ROUTE,
          "no rule on " + n.name() + " translated " + p.dst() + ", the ClusterIP of Service " + svc.get().meta().key()
              + ", so it follows the route via " + next + ", where no Service exists", svc.get().meta().ref()));
      return;
    }
    String owner = walk.topo.podCidrNode(p.dst()).orElse("");
    if (!owner.isEmpty() && walk.topo.routesPerNode()) {
      walk.out.end(s, Disposition.NO_ROUTE, Component.ROUTING, new Step.Drop(Disposition.NO_ROUTE,
          "node " + n.name() + " has no route to " + owner + "'s podCIDR, so " + p.dst() + " follows the route via "
              + next + ", which is no node of the cluster", SourceRef.NONE));
      return;
    }
    walk.out.end(s, Disposition.INSUFFICIENT_INFO, Component.EVIDENCE, new Step.Drop(Disposition.INSUFFICIENT_INFO,
        p.dst() + " leaves " + n.name() + " via " + next + ", a router the bundle does not describe", SourceRef.NONE));
  }

  private void neighbourFail(WalkState s, NodeContext n, NodeInterface dev, String next, Optional<Neighbour> nb,
      Component c) {
    String devName = dev == null ? "" : dev.name();
    String why = nb.isEmpty() ? "has no neighbour entry for " + next + " on " + devName
        + (dev != null && "vxlan".equals(dev.kind()) ? " (flannel writes one per remote node; the device does not ARP)"
            : "")
        : "cannot resolve " + next + " (" + String.join(",", nb.get().states()) + ")";
    walk.out.end(s, Disposition.NEIGHBOR_UNREACHABLE, c, new Step.Drop(Disposition.NEIGHBOR_UNREACHABLE,
        "node " + n.name() + " " + why, nb.map(Neighbour::ref).orElse(dev == null ? SourceRef.NONE : dev.ref())));
  }
}
