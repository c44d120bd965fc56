package dev.packetwalk.trace;

/**
 * The part of the dataplane a failing step belongs to, in the order an expert narrows a failure down (seed 000):
 * infrastructure first, then the Kubernetes built-ins, then the CNI.
 */
public enum Component {
  /** The pod's own namespace: its routes, its sockets. */
  POD,
  /** Host veth, bridge, bridge port settings. */
  POD_WIRING,
  /** Node routing tables, policy rules. */
  ROUTING,
  /** Neighbour and FDB tables. */
  NEIGHBOUR,
  /** VXLAN, IPIP, Geneve devices and their parameters. */
  TUNNEL,
  /** Kernel settings: ip_forward, rp_filter, bridge-nf-call-iptables, MTU. */
  KERNEL,
  /** kube-proxy's rules or IPVS table: Service translation. */
  KUBE_PROXY,
  /** NetworkPolicy enforcement rules. */
  NETWORK_POLICY,
  /** Other netfilter rules: admin, Docker, firewalld. */
  FIREWALL,
  /** conntrack state. */
  CONNTRACK,
  /** The bundle lacks what is needed to decide. */
  EVIDENCE
}
