package dev.packetwalk.model.node;

/**
 * The kinds of node evidence a dataplane was built from. A check names the kinds it needs; when one is absent it
 * says INSUFFICIENT_INFO, because an empty list from a file never read is not an empty list on the node. {@code IPAM}
 * means files of {@code /var/lib/cni/networks/} were collected (host-local IPAM's allocations); {@code IPSET}
 * that {@code ipset list} was read, so an absent set is absent on the node.
 */
public enum NodeEvidence {
  LINKS, ADDRESSES, ROUTES, RULES, NEIGHBOURS, FDB, BRIDGE_PORTS, IPTABLES, IPTABLES_SECOND_SAMPLE, NFT, IPVS,
  CONNTRACK, SYSCTL, MODULES, SELINUX, CNI_CONFIG, IPAM, FLANNEL, KUBELET, RESOLV_CONF, NETNS, IPSET;

  /** "iptables second sample", for reasons shown to users. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
