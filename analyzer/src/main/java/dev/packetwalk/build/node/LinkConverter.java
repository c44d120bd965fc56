package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.NodeAddress;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.parse.iproute.BridgePort;
import dev.packetwalk.parse.iproute.IpAddrInterface;
import dev.packetwalk.parse.iproute.IpAddress;
import dev.packetwalk.parse.iproute.IpLink;
import dev.packetwalk.parse.iproute.LinkInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code ip -d link}, {@code ip -d addr} and {@code bridge -d link} records to interfaces and addresses. */
final class LinkConverter {
  private static final Set<String> TUNNELS = Set.of("vxlan", "geneve", "ipip", "gre", "gretap", "sit", "ip6tnl",
      "ip6gre", "erspan", "wireguard");

  private LinkConverter() {}

  /**
   * Interfaces from the links, with hairpin taken from the link's own {@code bridge_slave} line or else from
   * {@code bridge -d link}, which prints it for every port.
   */
  static List<NodeInterface> interfaces(String file, List<IpLink> links, String portsFile, List<BridgePort> ports) {
    Map<String, BridgePort> portByName = ports.stream()
        .collect(Collectors.toMap(BridgePort::name, Function.identity(), (a, b) -> a));
    List<NodeInterface> out = new ArrayList<>();
    for (IpLink l : links) {
      Boolean hairpin = l.slaveInfo() == null ? null : l.slaveInfo().hairpin();
      BridgePort p = portByName.get(l.name());
      if (hairpin == null && p != null) hairpin = p.hairpin();
      String master = l.master() != null ? l.master() : p != null ? p.master() : null;
      out.add(new NodeInterface(l.name(), l.ifindex(), l.kind(), l.mtu() == null ? 0 : l.mtu(), l.state(), l.up(),
          l.address(), l.peerIfindex() == null ? 0 : l.peerIfindex(), l.linkNetnsid() == null ? -1 : l.linkNetnsid(),
          master, hairpin, tunnel(l), SourceRef.line(file, l.line())));
    }
    return out;
  }

  private static NodeInterface.Tunnel tunnel(IpLink l) {
    LinkInfo i = l.info();
    if (i == null || !TUNNELS.contains(i.kind())) return null;
    Long id = i.id();
    Integer port = i.dstport();
    return new NodeInterface.Tunnel(id == null ? -1 : id, i.local(), i.remote(), port == null ? -1 : port, i.dev());
  }

  static List<NodeAddress> addresses(String file, List<IpAddrInterface> interfaces) {
    List<NodeAddress> out = new ArrayList<>();
    for (IpAddrInterface i : interfaces) {
      for (IpAddress a : i.addresses()) {
        out.add(new NodeAddress(i.link().name(), a.family().equals("inet6") ? 6 : 4, a.local(), a.cidr(), a.scope(),
            SourceRef.line(file, a.line())));
      }
    }
    return out;
  }
}
