package dev.packetwalk.check.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.CniState;
import dev.packetwalk.model.node.NodeDataplane;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** host-local IPAM as the node left it: allocations per network and the range each is drawn from. */
final class IpamPools {
  private IpamPools() {}

  /** Where a network's addresses come from: the subnets, how many host-local can hand out, and the cited line. */
  record Range(List<String> subnets, long usable, String source, SourceRef ref) {}

  /** Allocations by network name, networks and addresses in order. */
  static Map<String, List<CniState.IpamAllocation>> byNetwork(NodeDataplane n) {
    Map<String, List<CniState.IpamAllocation>> out = new TreeMap<>();
    for (CniState.IpamAllocation a : n.cni().allocations()) {
      out.computeIfAbsent(a.network(), k -> new ArrayList<>()).add(a);
    }
    out.values().forEach(l -> l.sort(java.util.Comparator.comparing(CniState.IpamAllocation::ip)));
    return out;
  }

  /**
   * The range of a network: the ipam subnets of the CNI config of that name, else flannel's FLANNEL_SUBNET (the
   * flannel plugin hands it to host-local), else the node's podCIDR(s).
   */
  static Optional<Range> range(NodeDataplane n, Cluster cluster, String network) {
    for (CniState.CniConf c : n.cni().configs()) {
      if (c.name().equals(network) && !c.subnets().isEmpty()) {
        return Optional.of(new Range(c.subnets(), usable(c.subnets()), "the ipam ranges of " + c.file(), c.ref()));
      }
    }
    Optional<CniState.FlannelLease> f = n.cni().flannelLease();
    if (f.isPresent() && f.get().subnet() != null && !f.get().subnet().isEmpty()) {
      return Optional.of(new Range(List.of(f.get().subnet()), usable(List.of(f.get().subnet())),
          "FLANNEL_SUBNET", f.get().ref()));
    }
    return cluster.node(n.name()).filter(x -> !x.allPodCIDRs().isEmpty()).map(x -> new Range(x.allPodCIDRs(),
        usable(x.allPodCIDRs()), "the node's podCIDR", x.meta().ref()));
  }

  /**
   * Addresses host-local can hand out: every address of each IPv4 subnet but the network, broadcast and gateway
   * addresses; an IPv6 subnet counts as unlimited.
   */
  static long usable(List<String> subnets) {
    long total = 0;
    for (String s : subnets) {
      IPAddress a = PodNetworks.block(s);
      if (a == null) continue;
      if (a.isIPv6()) return Long.MAX_VALUE;
      int len = a.getNetworkPrefixLength() == null ? 32 : a.getNetworkPrefixLength();
      total += Math.max(0, (1L << (32 - len)) - 3);
    }
    return total;
  }
}
