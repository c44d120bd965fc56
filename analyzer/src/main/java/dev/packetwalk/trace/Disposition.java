package dev.packetwalk.trace;

/**
 * How one branch of a flow ends. Batfish's dispositions for the generic cases, plus the ways Kubernetes dataplanes
 * drop packets, so that a verdict names its cause rather than only "denied".
 */
public enum Disposition {
  /** Reached a socket that answers, and the answer made it back. */
  DELIVERED(true),
  /** Left the cluster towards an address no evidence describes (pod → external); what happens there is not ours. */
  EXITS_NETWORK(true),
  /** A netfilter rule on the way in (PREROUTING, INPUT, FORWARD) dropped or rejected it. */
  DENIED_IN(false),
  /** A netfilter rule on the way out (OUTPUT, POSTROUTING) dropped or rejected it. */
  DENIED_OUT(false),
  /** No route to the destination. */
  NO_ROUTE(false),
  /** A blackhole, unreachable or prohibit route (or rule) took it. */
  NULL_ROUTED(false),
  /** The next hop's neighbour (ARP/NDP or VXLAN FDB) entry is missing or FAILED. */
  NEIGHBOR_UNREACHABLE(false),
  /** The packet came back to a place it already passed. */
  LOOP(false),
  /** The evidence needed to decide a step is missing or cannot be evaluated. */
  INSUFFICIENT_INFO(false),
  /** kube-proxy's "has no endpoints" REJECT. */
  REJECTED_NO_ENDPOINTS(false),
  /** kube-proxy's "has no local endpoints" DROP for an {@code externalTrafficPolicy: Local} Service. */
  DROPPED_NO_LOCAL_ENDPOINTS(false),
  /** A LoadBalancer's {@code loadBalancerSourceRanges} did not admit the source. */
  DROPPED_LB_SOURCE_RANGE(false),
  /** A {@code ctstate INVALID} DROP. */
  DROPPED_CT_INVALID(false),
  /** A NetworkPolicy rule (kube-router, Calico, Cilium, Azure NPM, ...) dropped it. */
  DROPPED_BY_POLICY(false),
  /** {@code net.ipv4.ip_forward=0} on a node that had to route it. */
  FORWARDING_DISABLED(false),
  /** Reverse-path filtering dropped it: the route back to its source leaves by another interface. */
  RP_FILTER_DROP(false),
  /** Delivered to a pod where nothing listens on the port: a RST (TCP) or port unreachable (UDP) comes back. */
  NO_LISTENER(false),
  /**
   * Bridged back out of the port it came in on (a pod reaching itself through its Service, with br_netfilter on)
   * while that bridge port's hairpin mode is off: the bridge drops it.
   */
  HAIRPIN_DISABLED(false),
  /** Larger than a link's MTU on the way, where the sender cannot learn it. */
  MTU_EXCEEDED(false),
  /**
   * The reply skipped conntrack's reverse NAT (bridged with {@code bridge-nf-call-iptables=0}), so it arrives from an
   * address the client never sent to and is discarded.
   */
  REPLY_NOT_REVERSED(false);

  private final boolean success;

  Disposition(boolean success) {
    this.success = success;
  }

  /** Whether the flow worked along this branch. */
  public boolean success() {
    return success;
  }
}
