package dev.packetwalk.check.node;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.node.NodeDataplane;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The address space of pods and Services as far as the evidence says: node podCIDRs, flannel's network, the CNI's
 * IPAM subnets, Service ClusterIPs; and which chains and interfaces belong to Kubernetes components.
 */
public final class PodNetworks {
  /** Chain prefixes of kube-proxy, CNIs, Docker and cloud network policy managers. */
  private static final List<String> OWNED_CHAIN_PREFIXES = List.of("KUBE-", "cali-", "CILIUM", "FLANNEL",
      "DOCKER", "AZURE-NPM", "WEAVE", "KUBE_ROUTER", "ANTREA", "AWS-", "OVN-", "ISTIO", "CNI-", "NETAVARK",
      "KUBE-ROUTER");
  private static final Set<String> BUILTIN = Set.of("INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING");
  /** Interface names (or prefixes, ending with +) CNIs put pods or tunnels behind. */
  private static final List<String> CNI_IFACES = List.of("cni0", "cbr0", "cali+", "cilium_+", "lxc+", "flannel.+",
      "weave", "vxlan.calico", "tunl0", "kube-bridge", "antrea-gw0", "eni+", "azv+", "genev_sys_+");

  private PodNetworks() {}

  /** Pod CIDRs of all nodes, flannel's network and the node's CNI subnets. */
  public static List<IPAddress> podCidrs(Cluster cluster, NodeDataplane node) {
    List<IPAddress> out = new ArrayList<>();
    for (Node n : cluster.nodes()) for (String c : n.allPodCIDRs()) add(out, c);
    if (node != null) {
      node.cni().flannelLease().ifPresent(f -> add(out, f.network()));
      node.cni().configs().forEach(c -> c.subnets().forEach(s -> add(out, s)));
    }
    return out;
  }

  /** The ClusterIPs of every Service, as single-address blocks. */
  public static List<IPAddress> serviceIps(Cluster cluster) {
    List<IPAddress> out = new ArrayList<>();
    for (Service s : cluster.services()) if (!s.headless()) s.clusterIPs().forEach(ip -> add(out, ip));
    return out;
  }

  /** Whether a prefix (or address) written in a rule overlaps any block. */
  public static boolean overlaps(String text, List<IPAddress> blocks) {
    IPAddress a = block(text);
    if (a == null) return false;
    return blocks.stream().anyMatch(b -> b.getIPVersion() == a.getIPVersion() && (b.contains(a) || a.contains(b)));
  }

  public static boolean contains(String cidr, String address) {
    IPAddress c = block(cidr);
    IPAddress a = block(address);
    return c != null && a != null && c.getIPVersion() == a.getIPVersion() && c.contains(a);
  }

  /** A chain a Kubernetes component (kube-proxy, a CNI, Docker, a policy manager) writes. */
  public static boolean ownedChain(String chain) {
    return OWNED_CHAIN_PREFIXES.stream().anyMatch(chain::startsWith);
  }

  public static boolean builtinChain(String chain) {
    return BUILTIN.contains(chain);
  }

  /** An interface name (as a rule writes it, possibly with a trailing +) that a CNI uses. */
  public static boolean cniInterface(String iface) {
    if (iface == null) return false;
    String name = iface.endsWith("+") ? iface.substring(0, iface.length() - 1) : iface;
    return CNI_IFACES.stream().anyMatch(p -> p.endsWith("+") ? name.startsWith(p.substring(0, p.length() - 1))
        : name.equals(p));
  }

  static IPAddress block(String text) {
    if (text == null || text.isBlank()) return null;
    IPAddress a = new IPAddressString(text.strip()).getAddress();
    if (a == null) return null;
    return a.isPrefixed() ? a.toPrefixBlock() : a.toPrefixBlock(a.getBitCount());
  }

  private static void add(List<IPAddress> out, String text) {
    IPAddress b = block(text);
    if (b != null) out.add(b);
  }
}
