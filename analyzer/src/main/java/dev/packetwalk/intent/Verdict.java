package dev.packetwalk.intent;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.NetworkPolicy;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the NetworkPolicies of a cluster say about one connection (source, destination, protocol, port): the
 * egress side is decided at the source pod, the ingress side at the destination pod, and the connection is allowed
 * only when both sides allow it.
 *
 * @param egress the decision of the source pod's egress policies
 * @param ingress the decision of the destination pod's ingress policies
 * @param notes caveats that qualify the verdict (ipBlock applied to a pod IP, hostNetwork, unknown namespace labels)
 */
public record Verdict(Side egress, Side ingress, List<String> notes) {
  public Verdict {
    notes = List.copyOf(notes);
  }

  /** ALLOWED or DENIED. */
  public enum Decision { ALLOWED, DENIED }

  public Decision decision() {
    return allowed() ? Decision.ALLOWED : Decision.DENIED;
  }

  public boolean allowed() {
    return egress.allowed() && ingress.allowed();
  }

  /** Whether the destination pod is isolated for ingress. */
  public boolean destinationIngressIsolated() {
    return ingress.isolated();
  }

  /** Whether the source pod is isolated for egress. */
  public boolean sourceEgressIsolated() {
    return egress.isolated();
  }

  /** The side that denied, if any: egress first, since the packet never leaves the source otherwise. */
  public java.util.Optional<Side> denyingSide() {
    if (!egress.allowed()) return java.util.Optional.of(egress);
    if (!ingress.allowed()) return java.util.Optional.of(ingress);
    return java.util.Optional.empty();
  }

  /**
   * One direction's decision.
   *
   * @param isolated whether some policy selecting the pod has this direction in its policyTypes
   * @param isolating those policies, in the model's order (namespace, name)
   * @param allowing the rules that allowed the connection (empty when denied or when not isolated)
   * @param subjectToPolicy false when the pod is not governed by policies at all (hostNetwork, an IP endpoint)
   */
  public record Side(Direction direction, boolean subjectToPolicy, boolean isolated, List<NetworkPolicy> isolating,
      List<RuleMatch> allowing) {
    public Side {
      isolating = List.copyOf(isolating);
      allowing = List.copyOf(allowing);
    }

    public boolean allowed() {
      return !isolated || !allowing.isEmpty();
    }

    /** "shop/default-deny, shop/allow-web". */
    public String isolatingNames() {
      return isolating.stream().map(p -> p.meta().key()).collect(Collectors.joining(", "));
    }
  }

  /** One rule that matched: the policy, the rule's index in its direction, and where the rule stands. */
  public record RuleMatch(NetworkPolicy policy, int ruleIndex, SourceRef ref) {}
}
