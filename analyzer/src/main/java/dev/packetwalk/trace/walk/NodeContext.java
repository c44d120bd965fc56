package dev.packetwalk.trace.walk;

import dev.packetwalk.model.node.FdbEntry;
import dev.packetwalk.model.node.Neighbour;
import dev.packetwalk.model.node.NodeAddress;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.PodNetns;
import dev.packetwalk.model.node.RouteLookup;
import dev.packetwalk.trace.ipvs.IpvsScheduler;
import dev.packetwalk.trace.netfilter.HostView;
import dev.packetwalk.trace.netfilter.PacketFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One node's dataplane with the lookups a walk needs, indexed once. */
final class NodeContext {
  final NodeDataplane dp;
  final HostView host;
  final PacketFilter filter;
  final RouteLookup routing;
  final IpvsScheduler ipvs;
  private final Map<String, NodeInterface> ifaces = new HashMap<>();
  private final Map<String, PodJoin> joinByIp = new HashMap<>();
  private final Map<String, PodJoin> joinByVeth = new HashMap<>();
  private final Map<String, PodNetns> netnsByName = new HashMap<>();
  private final Map<String, NodeAddress> addressByIp = new HashMap<>();

  NodeContext(NodeDataplane dp, PacketFilter filter) {
    this.dp = dp;
    this.host = HostView.of(dp);
    this.filter = filter;
    this.routing = dp.routing();
    this.ipvs = new IpvsScheduler(dp.ipvs());
    for (NodeInterface i : dp.interfaces()) ifaces.putIfAbsent(i.name(), i);
    for (PodJoin j : dp.pods()) {
      if (!j.podIP().isEmpty()) joinByIp.putIfAbsent(j.podIP(), j);
      if (!j.hostInterface().isEmpty()) joinByVeth.putIfAbsent(j.hostInterface(), j);
    }
    for (PodNetns n : dp.netns()) netnsByName.putIfAbsent(n.name(), n);
    for (NodeAddress a : dp.addresses()) addressByIp.putIfAbsent(a.address(), a);
  }

  String name() {
    return dp.name();
  }

  Optional<NodeInterface> iface(String name) {
    return Optional.ofNullable(ifaces.get(name));
  }

  Optional<PodJoin> podByIp(String ip) {
    return Optional.ofNullable(joinByIp.get(ip));
  }

  Optional<PodJoin> podByVeth(String veth) {
    return Optional.ofNullable(joinByVeth.get(veth));
  }

  Optional<PodNetns> netns(String name) {
    return name == null || name.isEmpty() ? Optional.empty() : Optional.ofNullable(netnsByName.get(name));
  }

  Optional<NodeAddress> address(String ip) {
    return Optional.ofNullable(addressByIp.get(ip));
  }

  /** The neighbour entry for {@code ip} on {@code dev}, if the evidence has one. */
  Optional<Neighbour> neighbour(String ip, String dev) {
    return dp.neighbours().stream().filter(n -> n.address().equals(ip) && (dev.isEmpty() || n.dev().equals(dev)))
        .findFirst();
  }

  /** The FDB entries of a VXLAN device for a MAC: where its VTEP is. */
  List<FdbEntry> fdb(String mac, String dev) {
    return dp.fdb().stream().filter(f -> f.mac().equalsIgnoreCase(mac) && f.dev().equals(dev)).toList();
  }

  /** The bridge ports of {@code bridge}. */
  List<NodeInterface> ports(String bridge) {
    return dp.interfaces().stream().filter(i -> i.master().equals(bridge)).toList();
  }
}
