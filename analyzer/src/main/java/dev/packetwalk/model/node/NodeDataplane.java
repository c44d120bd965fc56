package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.parse.nft.NftTable;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one node's evidence says about how it moves packets. Built once by the node builder; immutable.
 *
 * @param name the node name (the {@code nodes/<node>/} directory)
 * @param evidence which kinds of evidence were read; see {@link #has}
 * @param netfilter IPv4 iptables rules of the backend in use
 * @param netfilter6 IPv6 iptables rules
 * @param nftTables {@code nft list ruleset}, kept as parsed for now (kube-proxy nftables mode, Cilium, firewalld)
 * @param ipvs IPVS virtual servers
 * @param ipsets the node's ipsets
 * @param pods the veth ↔ namespace ↔ Kubernetes pod joins
 * @param listeners the node's own listening sockets (host network: hostNetwork pods, kubelet, NodePort holders)
 * @param listenersKnown whether they were collected in full: without them "nothing listens" is unknown
 * @param listenersRef the file they came from
 */
public record NodeDataplane(String name, Set<NodeEvidence> evidence, List<NodeInterface> interfaces,
    List<NodeAddress> addresses, List<Route> routes, List<PolicyRule> rules, List<Neighbour> neighbours,
    List<FdbEntry> fdb, Netfilter netfilter, Netfilter netfilter6, List<NftTable> nftTables, List<IpvsService> ipvs,
    List<IpSet> ipsets, Conntrack conntrack, Sysctls sysctls, KernelState kernel, CniState cni,
    KubeletSettings kubelet,
    ResolverConfig resolvConf, List<PodNetns> netns, List<PodJoin> pods, List<Listener> listeners,
    boolean listenersKnown, SourceRef listenersRef) {

  public NodeDataplane {
    evidence = evidence.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(evidence));
    interfaces = List.copyOf(interfaces);
    addresses = List.copyOf(addresses);
    routes = List.copyOf(routes);
    rules = List.copyOf(rules);
    neighbours = List.copyOf(neighbours);
    fdb = List.copyOf(fdb);
    nftTables = List.copyOf(nftTables);
    ipvs = List.copyOf(ipvs);
    ipsets = List.copyOf(ipsets);
    netns = List.copyOf(netns);
    pods = List.copyOf(pods);
    listeners = List.copyOf(listeners);
  }

  public boolean has(NodeEvidence kind) {
    return evidence.contains(kind);
  }

  public Optional<NodeInterface> iface(String name) {
    return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  public Optional<IpSet> ipset(String name) {
    return ipsets.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<NodeInterface> ifaceByIndex(int ifindex) {
    return interfaces.stream().filter(i -> i.ifindex() == ifindex).findFirst();
  }

  /** Route lookups over this node's tables and policy rules. */
  public RouteLookup routing() {
    return new RouteLookup(routes, rules);
  }

  /** Routes of the main table, where CNIs put pod routes. */
  public List<Route> mainRoutes() {
    return routes.stream().filter(r -> r.tableId() == 254).toList();
  }

  /** The node's own addresses (all interfaces), without prefix. */
  public List<String> ownAddresses() {
    return addresses.stream().map(NodeAddress::address).toList();
  }
}
