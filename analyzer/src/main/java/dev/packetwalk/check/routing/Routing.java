package dev.packetwalk.check.routing;

import dev.packetwalk.model.node.NodeAddress;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.Route;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Optional;

/** Address arithmetic and interface roles the routing checks share. */
final class Routing {
  private static final List<String> TUNNELS = List.of("flannel.", "flannel-v6.", "tunl0", "vxlan.calico",
      "vxlan-v6.calico", "cilium_", "genev_sys_", "wg", "weave", "kube-ipvs0", "nodelocaldns");

  private Routing() {}

  static IPAddress block(String text) {
    if (text == null || text.isBlank()) return null;
    IPAddress a = new IPAddressString(text.strip()).getAddress();
    if (a == null) return null;
    return a.isPrefixed() ? a.toPrefixBlock() : a.toPrefixBlock(a.getBitCount());
  }

  static int prefixLength(String prefix) {
    IPAddress b = block(prefix);
    return b == null || b.getNetworkPrefixLength() == null ? 0 : b.getNetworkPrefixLength();
  }

  /** The first IPv4 CIDR of a list, or null. */
  static String v4(List<String> cidrs) {
    return cidrs.stream().filter(c -> !c.contains(":")).findFirst().orElse(null);
  }

  static String firstHost(String cidr) {
    IPAddress b = block(cidr);
    return b == null ? cidr : b.getLower().increment(1).withoutPrefixLength().toString();
  }

  static String network(String cidr) {
    IPAddress b = block(cidr);
    return b == null ? cidr : b.getLower().withoutPrefixLength().toString();
  }

  /** An overlay or virtual device: traffic through it is encapsulated or local, never a second NIC. */
  static boolean tunnel(String dev) {
    return TUNNELS.stream().anyMatch(dev::startsWith);
  }

  /** The interface of the most specific directly connected main-table route holding {@code address}. */
  static Optional<Route> connected(NodeDataplane n, String address) {
    IPAddress a = block(address);
    if (a == null) return Optional.empty();
    Route best = null;
    for (Route r : n.mainRoutes()) {
      IPAddress b = block(r.prefix());
      if (!r.via().isEmpty() || r.dev().isEmpty() || r.rejects() || b == null || b.getIPVersion() != a.getIPVersion()
          || !b.contains(a) || prefixLength(r.prefix()) == 0) {
        continue;
      }
      if (best == null || prefixLength(r.prefix()) > prefixLength(best.prefix())) best = r;
    }
    return Optional.ofNullable(best);
  }

  /** The first global IPv4 address of an interface. */
  static Optional<NodeAddress> address(NodeDataplane n, String iface) {
    return n.addresses().stream().filter(a -> a.iface().equals(iface) && a.family() == 4
        && !a.scope().equals("host") && !a.scope().equals("link")).findFirst();
  }
}
