package dev.packetwalk.check.node;

import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.Route;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The node's underlay (the physical or cloud NIC its overlay rides on) and the pod overlay devices. */
final class Underlay {
  private Underlay() {}

  /**
   * The underlay interface for a tunnel: the tunnel's own {@code dev}, else the device of the main table's
   * default route.
   */
  static Optional<NodeInterface> of(NodeDataplane n, NodeInterface tunnel) {
    if (tunnel != null && tunnel.tunnel() != null && !tunnel.tunnel().dev().isEmpty()) {
      Optional<NodeInterface> d = n.iface(tunnel.tunnel().dev());
      if (d.isPresent()) return d;
    }
    return n.mainRoutes().stream().filter(r -> r.family() == 4 && r.prefix().equals("0.0.0.0/0"))
        .sorted(Comparator.comparingLong(Route::metric)).map(r -> r.legs().get(0).dev()).filter(d -> !d.isEmpty())
        .findFirst().flatMap(n::iface);
  }

  /**
   * Bytes an encapsulation adds on an IPv4 underlay: VXLAN 50, Geneve 50 (without options), IPIP 20, GRE 24,
   * WireGuard 60 (80 on IPv6); -1 for a device that is not a tunnel.
   */
  static int overhead(NodeInterface i) {
    return switch (i.kind()) {
      case "vxlan", "geneve" -> 50;
      case "ipip" -> 20;
      case "gre" -> 24;
      case "wireguard" -> 60;
      default -> -1;
    };
  }

  /**
   * The node's pod overlay devices that are up: VXLAN, Geneve, IPIP and WireGuard devices. Cilium's devices are left
   * out: they run in collect-metadata mode with MTU 65535 and the pod MTU is set on routes, which the model does not
   * keep.
   */
  static List<NodeInterface> overlays(NodeDataplane n) {
    return n.interfaces().stream().filter(i -> overhead(i) > 0 && i.up() && !i.name().startsWith("cilium_"))
        .filter(i -> i.mtu() > 0).sorted(Comparator.comparing(NodeInterface::name)).toList();
  }
}
