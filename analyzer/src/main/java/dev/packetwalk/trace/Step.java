package dev.packetwalk.trace;

import dev.packetwalk.model.SourceRef;

/**
 * One thing that happened to the packet inside one hop, with the evidence line that says so. The set is closed: a
 * renderer can handle every kind, and a new kind is a deliberate change.
 */
public sealed interface Step {

  /** The bundle line that supports this step ({@link SourceRef#NONE} only where the kernel's defaults apply). */
  SourceRef evidence();

  /** One sentence for a person: what happened and why. */
  String text();

  /** Entered an interface: a pod's eth0, a host veth, a bridge, a tunnel device, the underlay. */
  record EnterInterface(String iface, String kind, String detail, SourceRef evidence) implements Step {
    public String text() {
      return "enters " + iface + (kind.isEmpty() ? "" : " (" + kind + ")") + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /**
   * A netfilter rule (or a chain's policy) decided something: a jump, a terminal verdict, a mark. Rules that did not
   * match are not steps.
   *
   * @param rule the rule's 1-based index in its chain, 0 for the chain policy
   * @param action what it did: {@code jump KUBE-SVC-…}, {@code DNAT}, {@code ACCEPT}, {@code policy DROP}, ...
   */
  record ChainEvaluation(String table, String chain, int rule, String action, String detail, SourceRef evidence)
      implements Step {
    public String text() {
      return table + "/" + chain + (rule > 0 ? " rule " + rule : " policy") + ": " + action
          + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  /** The packet's addresses changed: DNAT, SNAT, MASQUERADE, or conntrack undoing one of them on the reply. */
  record NatTransformation(String kind, String before, String after, SourceRef evidence) implements Step {
    public String text() {
      return kind + " " + before + " → " + after;
    }
  }

  /** IPVS picked a real server for a virtual server. */
  record IpvsScheduling(String virtualServer, String realServer, String scheduler, SourceRef evidence)
      implements Step {
    public String text() {
      return "IPVS " + virtualServer + " (" + scheduler + ") → " + realServer;
    }
  }

  /** A route lookup: which rule and table, which route, and where it sends the packet. */
  record RoutingLookup(String table, String route, String result, SourceRef evidence) implements Step {
    public String text() {
      return "route " + route + (table.isEmpty() || table.equals("main") ? "" : " (table " + table + ")") + ": "
          + result;
    }
  }

  /** The next hop's link-layer address, from the neighbour table or (for a VXLAN device) the FDB. */
  record NeighbourLookup(String address, String dev, String lladdr, String state, boolean fdb, SourceRef evidence)
      implements Step {
    public String text() {
      return (fdb ? "FDB " : "neighbour ") + address + " on " + dev + (lladdr.isEmpty() ? "" : " is " + lladdr)
          + (state.isEmpty() ? "" : " " + state);
    }
  }

  /** Wrapped for a tunnel: the outer addresses the underlay carries. */
  record Encapsulation(String kind, String device, String outerSrc, String outerDst, SourceRef evidence)
      implements Step {
    public String text() {
      return kind + " encapsulation on " + device + ": outer " + outerSrc + " → " + outerDst;
    }
  }

  /** Unwrapped by the receiving node's tunnel device. */
  record Decapsulation(String kind, String device, SourceRef evidence) implements Step {
    public String text() {
      return kind + " decapsulation on " + device;
    }
  }

  /** conntrack created an entry, matched one, or found the packet INVALID. */
  record Conntrack(String action, String detail, SourceRef evidence) implements Step {
    public String text() {
      return "conntrack " + action + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /** A kernel setting that decided the packet's fate here (ip_forward, rp_filter, bridge-nf-call-iptables). */
  record KernelSetting(String key, String value, String effect, SourceRef evidence) implements Step {
    public String text() {
      return key + "=" + value + ": " + effect;
    }
  }

  /** Reached its destination: a listening socket in a pod, the node itself, or the network beyond the cluster. */
  record Deliver(String to, String detail, SourceRef evidence) implements Step {
    public String text() {
      return "delivered to " + to + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /** The walk ends here without delivery. */
  record Drop(Disposition disposition, String detail, SourceRef evidence) implements Step {
    public String text() {
      return disposition + ": " + detail;
    }
  }
}
