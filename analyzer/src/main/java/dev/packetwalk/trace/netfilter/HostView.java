package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.IpSet;
import dev.packetwalk.model.node.NodeAddress;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the packet filters need to know about their node beyond the rules: its own addresses ({@code addrtype LOCAL},
 * {@code fib daddr type local}), each interface's primary address (MASQUERADE), and its ipsets.
 *
 * @param localAddresses every address the node owns, the {@code local} routing table's and those on kube-ipvs0
 *     included
 * @param interfaceAddresses interface → its addresses in order, the first being what MASQUERADE picks
 * @param complete whether addresses were collected: without them {@code addrtype} cannot be decided
 */
public record HostView(Set<String> localAddresses, Map<String, List<String>> interfaceAddresses, List<IpSet> ipsets,
    boolean complete) {

  public HostView {
    localAddresses = Set.copyOf(localAddresses);
    interfaceAddresses = Map.copyOf(interfaceAddresses);
    ipsets = List.copyOf(ipsets);
  }

  public static HostView of(NodeDataplane node) {
    Set<String> local = new TreeSet<>();
    Map<String, List<String>> byIface = new LinkedHashMap<>();
    for (NodeAddress a : node.addresses()) {
      local.add(a.address());
      byIface.computeIfAbsent(a.iface(), k -> new ArrayList<>()).add(a.address());
    }
    for (Route r : node.routes()) {
      if (r.tableId() == 255 && r.type().equals("local") && !r.prefix().contains("/")) local.add(r.prefix());
    }
    boolean complete = !node.addresses().isEmpty();
    return new HostView(local, byIface, node.ipsets(), complete);
  }

  public boolean isLocal(String address) {
    return localAddresses.contains(address) || address.startsWith("127.") || address.equals("::1");
  }

  /** The address MASQUERADE would pick on {@code iface}, or null when the interface has none in the evidence. */
  public String primaryAddress(String iface, int family) {
    List<String> l = interfaceAddresses.get(iface);
    if (l == null) return null;
    return l.stream().filter(a -> (a.indexOf(':') >= 0) == (family == 6)).findFirst().orElse(null);
  }
}
