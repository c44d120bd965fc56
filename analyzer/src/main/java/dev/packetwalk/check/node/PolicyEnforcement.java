package dev.packetwalk.check.node;

import dev.packetwalk.intent.Direction;
import dev.packetwalk.intent.NetworkPolicyIntent;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.NetworkPolicy;
import dev.packetwalk.model.node.PodJoin;
import java.util.List;

/** Links CNI policy DROP rules to the NetworkPolicy intent they enforce. */
final class PolicyEnforcement {
  private PolicyEnforcement() {}

  /** The policies isolating the pod behind a Calico chain, ingress for cali-tw- (to workload), else egress. */
  static List<NetworkPolicy> isolating(Cluster c, PodJoin join, boolean ingress) {
    if (join.podKey().isEmpty()) return List.of();
    return c.pod(join.podNamespace(), join.podName()).map(p -> new NetworkPolicyIntent(c).isolating(p,
        ingress ? Direction.INGRESS : Direction.EGRESS)).orElse(List.of());
  }

  /** The NetworkPolicy implementation that writes a chain, or null: Azure NPM, kube-router. */
  static String component(String chain) {
    if (chain.startsWith("AZURE-NPM")) return "Azure NPM";
    if (chain.startsWith("KUBE-NWPLCY") || chain.startsWith("KUBE-POD-FW")) return "kube-router";
    return null;
  }
}
