package dev.packetwalk.check.policy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.intent.Direction;
import dev.packetwalk.intent.NetworkPolicyIntent;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.NetworkPolicy;
import dev.packetwalk.model.cluster.Pod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Which pods NetworkPolicies isolate, per namespace: the map a reader needs before blaming a policy. */
public final class NetpolPodIsolated implements Check {
  static final CheckInfo INFO = new CheckInfo("netpol-pod-isolated", "Pods isolated by NetworkPolicy",
      Severity.INFO, Layer.KUBERNETES,
      "Lists, per namespace, the pods that NetworkPolicies isolate for ingress and/or egress, and by which policies.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.NETWORK_POLICIES, Cluster.Kind.PODS)) return List.of();
    Cluster cluster = ctx.cluster();
    NetworkPolicyIntent intent = new NetworkPolicyIntent(cluster);
    Set<String> namespaces = new LinkedHashSet<>();
    cluster.networkPolicies().forEach(p -> namespaces.add(p.meta().namespace()));
    List<Finding> out = new ArrayList<>();
    for (String ns : namespaces) {
      List<String> lines = new ArrayList<>();
      Set<NetworkPolicy> used = new LinkedHashSet<>();
      for (Pod pod : cluster.podsIn(ns)) {
        if (pod.terminal()) continue;
        List<NetworkPolicy> in = intent.isolating(pod, Direction.INGRESS);
        List<NetworkPolicy> eg = intent.isolating(pod, Direction.EGRESS);
        if (in.isEmpty() && eg.isEmpty()) continue;
        used.addAll(in);
        used.addAll(eg);
        lines.add(pod.meta().name() + ": " + describe("ingress", in) + (in.isEmpty() || eg.isEmpty() ? "" : "; ")
            + describe("egress", eg));
      }
      if (lines.isEmpty()) continue;
      List<Evidence> evidence = used.stream().sorted((a, b) -> a.meta().name().compareTo(b.meta().name()))
          .map(p -> ctx.evidence(p.podSelectorRef(), "NetworkPolicy " + p.meta().key() + " selects "
              + p.podSelector() + (p.ingressIsolated() ? " [Ingress]" : "") + (p.egressIsolated() ? " [Egress]" : "")))
          .toList();
      out.add(ctx.finding(new Subject("Namespace", "", ns, ""), lines.size() + " pod(s) in namespace " + ns
              + " are isolated by NetworkPolicy")
          .explain("In namespace " + ns + ", these pods accept (ingress) or send (egress) only what a rule of the"
              + " listed policies allows; everything else is dropped by the CNI:\n- " + String.join("\n- ", lines))
          .remedy("When a connection to or from one of these pods fails, compare it with the rules of the listed"
              + " policies (kubectl describe networkpolicy -n " + ns + "); pods not listed are not isolated.")
          .evidence(evidence).build());
    }
    return out;
  }

  private static String describe(String direction, List<NetworkPolicy> policies) {
    if (policies.isEmpty()) return "";
    return direction + " by " + policies.stream().map(p -> p.meta().name()).collect(Collectors.joining(", "));
  }
}
