package dev.packetwalk.check.policy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.intent.NetworkPolicyIntent;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.LabelSelector;
import dev.packetwalk.model.cluster.NetworkPolicy;
import dev.packetwalk.model.cluster.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Policies whose podSelector selects no pod of their namespace, and peers whose selectors match no pod: usually a
 * typo in a label, which leaves pods unprotected or a rule that allows nobody.
 */
public final class NetpolSelectsNothing implements Check {
  static final CheckInfo INFO = new CheckInfo("netpol-selects-nothing", "NetworkPolicy selector matches nothing",
      Severity.WARNING, Layer.KUBERNETES,
      "Finds NetworkPolicies that select no pod and rule peers whose selectors match no pod, naming the nearest"
          + " existing labels.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.NETWORK_POLICIES, Cluster.Kind.PODS)) return List.of();
    Cluster cluster = ctx.cluster();
    NetworkPolicyIntent intent = new NetworkPolicyIntent(cluster);
    List<Finding> out = new ArrayList<>();
    for (NetworkPolicy p : cluster.networkPolicies()) {
      String ns = p.meta().namespace();
      List<Pod> inNs = cluster.podsIn(ns).stream().filter(x -> !x.terminal()).toList();
      Subject subject = Subject.of("NetworkPolicy", ns, p.meta().name());
      if (intent.selectedPods(p).isEmpty() && !(p.podSelector().isEmpty() && inNs.isEmpty())) {
        out.add(ctx.finding(subject, "NetworkPolicy " + p.meta().key() + " selects no pod")
            .explain("Its podSelector " + p.podSelector() + " matches none of the " + inNs.size()
                + " pod(s) of namespace " + ns + ", so the policy protects nothing." + nearest(p.podSelector(), inNs))
            .remedy("Compare the selector with kubectl get pods -n " + ns + " --show-labels and fix the label (or"
                + " delete the policy if its workload is gone).")
            .evidence(ctx.evidence(p.podSelectorRef(), "podSelector " + p.podSelector())).build());
      }
      peers(ctx, intent, p, "ingress", p.ingress(), out);
      peers(ctx, intent, p, "egress", p.egress(), out);
    }
    return out;
  }

  private void peers(CheckContext ctx, NetworkPolicyIntent intent, NetworkPolicy p, String direction,
      List<NetworkPolicy.Rule> rules, List<Finding> out) {
    Cluster cluster = ctx.cluster();
    for (int i = 0; i < rules.size(); i++) {
      List<NetworkPolicy.Peer> peers = rules.get(i).peers();
      for (int j = 0; j < peers.size(); j++) {
        NetworkPolicy.Peer peer = peers.get(j);
        if (peer.isIpBlock() || !intent.peerPods(p, peer).isEmpty()) continue;
        String where = direction + " rule " + i + ", peer " + j;
        String why;
        if (peer.namespaceSelector() != null && cluster.has(Cluster.Kind.NAMESPACES)
            && intent.namespacesMatching(peer.namespaceSelector()).isEmpty()) {
          why = "its namespaceSelector " + peer.namespaceSelector() + " matches no namespace."
              + nearestNamespaceLabels(intent, cluster, peer.namespaceSelector());
        } else {
          List<Pod> candidates = peer.namespaceSelector() == null ? cluster.podsIn(p.meta().namespace())
              : cluster.pods().stream().filter(x -> peer.namespaceSelector()
                  .matches(intent.namespaceLabels(x.meta().namespace()))).toList();
          why = "its podSelector " + (peer.podSelector() == null ? "<absent>" : peer.podSelector())
              + " matches none of the " + candidates.size() + " pod(s) "
              + (peer.namespaceSelector() == null ? "of namespace " + p.meta().namespace()
                  : "in namespaces matching " + peer.namespaceSelector()) + "."
              + (peer.podSelector() == null ? "" : nearest(peer.podSelector(), candidates));
        }
        out.add(ctx.finding(Subject.of("NetworkPolicy", p.meta().namespace(), p.meta().name()),
                "NetworkPolicy " + p.meta().key() + ": " + where + " matches no pod")
            .explain("The " + where + " of " + p.meta().key() + " allows nobody: " + why
                + (peers.size() == 1 ? " The rule therefore allows no traffic at all." : ""))
            .remedy("Fix the selector's labels so that it matches the intended " + (direction.equals("ingress")
                ? "clients" : "destinations") + " (kubectl get pods -A --show-labels, kubectl get ns --show-labels).")
            .evidence(ctx.evidence(peer.ref(), where + " of " + p.meta().key()))
            .evidence(ctx.evidence(p.podSelectorRef(), "the policy")).build());
      }
    }
  }

  /** The existing labels closest to each label the selector wants but no pod has. */
  static String nearest(LabelSelector selector, List<Pod> pods) {
    TreeSet<String> existing = new TreeSet<>();
    pods.forEach(p -> p.meta().labels().forEach((k, v) -> existing.add(k + "=" + v)));
    return nearestOf(selector, existing, "pod");
  }

  private static String nearestNamespaceLabels(NetworkPolicyIntent intent, Cluster cluster, LabelSelector selector) {
    TreeSet<String> existing = new TreeSet<>();
    cluster.namespaces().forEach(n -> intent.namespaceLabels(n.meta().name()).forEach((k, v) -> existing.add(k + "="
        + v)));
    return nearestOf(selector, existing, "namespace");
  }

  private static String nearestOf(LabelSelector selector, TreeSet<String> existing, String what) {
    List<String> hints = new ArrayList<>();
    for (Map.Entry<String, String> want : new java.util.TreeMap<>(selector.matchLabels()).entrySet()) {
      String w = want.getKey() + "=" + want.getValue();
      if (existing.contains(w) || existing.isEmpty()) continue;
      String best = existing.stream().min(Comparator.comparingInt((String e) -> distance(w, e))
          .thenComparing(Comparator.naturalOrder())).orElseThrow();
      hints.add(w + " (nearest existing " + what + " label: " + best + ")");
    }
    return hints.isEmpty() ? "" : " No " + what + " has " + String.join("; ", hints) + ".";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
