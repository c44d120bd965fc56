package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * A networking.k8s.io/v1 NetworkPolicy. An empty rule list with the direction in policyTypes isolates the selected
 * pods in that direction; a rule with no peers allows all sources (or destinations).
 */
public record NetworkPolicy(ObjectMeta meta, LabelSelector podSelector, boolean ingressIsolated,
    boolean egressIsolated, List<Rule> ingress, List<Rule> egress, SourceRef podSelectorRef) {

  public NetworkPolicy {
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
    podSelectorRef = podSelectorRef == null ? meta.ref() : podSelectorRef;
  }

  /** Without the podSelector's position (hand-built models); it then points at the policy. */
  public NetworkPolicy(ObjectMeta meta, LabelSelector podSelector, boolean ingressIsolated, boolean egressIsolated,
      List<Rule> ingress, List<Rule> egress) {
    this(meta, podSelector, ingressIsolated, egressIsolated, ingress, egress, null);
  }

  /** One ingress or egress rule: any of the peers, on any of the ports. Empty lists mean "all". */
  public record Rule(List<Peer> peers, List<Port> ports, SourceRef ref) {
    public Rule {
      peers = List.copyOf(peers);
      ports = List.copyOf(ports);
    }
  }

  /**
   * One peer. A null selector is absent: podSelector alone means "same namespace", namespaceSelector alone means
   * "all pods in matching namespaces", both means the intersection.
   */
  public record Peer(LabelSelector podSelector, LabelSelector namespaceSelector, String ipBlockCidr,
      List<String> ipBlockExcept, SourceRef ref) {
    public Peer {
      ipBlockExcept = ipBlockExcept == null ? List.of() : List.copyOf(ipBlockExcept);
    }

    public boolean isIpBlock() {
      return ipBlockCidr != null;
    }
  }

  /** One port entry: protocol (default TCP), port by number or name (null = all ports), optional endPort. */
  public record Port(String protocol, IntOrString port, Integer endPort) {
    public Port {
      protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }
  }
}
