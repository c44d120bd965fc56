package dev.packetwalk.check.service;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A Service whose selector matches no running pod of its namespace: it has no endpoints, so connections fail. */
public final class ServiceSelectorNoMatch implements Check {
  static final CheckInfo INFO = new CheckInfo("service-selector-no-match", "Service selector matches no pod",
      Severity.ERROR, Layer.KUBERNETES,
      "A Service's selector matches no non-terminal pod in its namespace, so it has no endpoints.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES, Cluster.Kind.PODS)) return List.of();
    Cluster c = ctx.cluster();
    List<Finding> out = new ArrayList<>();
    for (Service s : c.services()) {
      if (!s.hasSelector() || s.isExternalName() || !c.selectedPods(s).isEmpty()) continue;
      out.add(finding(ctx, s));
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, Service s) {
    String ns = s.meta().namespace();
    Map<String, String> sel = new TreeMap<>(s.selector().matchLabels());
    List<Pod> candidates = ctx.cluster().podsIn(ns).stream().filter(p -> !p.terminal()).toList();
    int best = candidates.stream().mapToInt(p -> score(sel, p)).max().orElse(0);
    List<Pod> nearest = best == 0 ? List.of()
        : candidates.stream().filter(p -> score(sel, p) == best).limit(3).toList();
    var f = ctx.finding(Subject.of("Service", ns, s.meta().name()),
            "Service " + s.meta().key() + " selects no pod (selector " + s.selector() + ")")
        .evidence(ctx.evidence(s.specRef("selector"), "the Service's selector"));
    StringBuilder why = new StringBuilder("Service " + s.meta().key() + " selects pods with " + s.selector()
        + ", but no running pod in namespace " + ns + " carries all of these labels, so the Service has no "
        + "endpoints and every connection to it is refused or times out.");
    if (nearest.isEmpty()) {
      why.append(candidates.isEmpty() ? " The namespace has no pods at all."
          : " None of the " + candidates.size() + " pods in the namespace has any of the selector's labels.");
    }
    for (Pod p : nearest) {
      List<String> diffs = new ArrayList<>();
      sel.forEach((k, v) -> {
        String has = p.meta().labels().get(k);
        if (!v.equals(has)) diffs.add("selector " + k + "=" + v + " but the pod has "
            + (has == null ? "no " + k + " label" : k + "=" + has));
      });
      why.append(" Nearest pod ").append(p.meta().name()).append(" matches ").append(best).append(" of ")
          .append(sel.size()).append(" labels: ").append(String.join("; ", diffs)).append('.');
      f.evidence(ctx.evidence(p.meta().ref(), "nearest pod " + p.meta().name() + ": " + String.join("; ", diffs)));
    }
    List<Pod> elsewhere = ctx.cluster().pods().stream()
        .filter(p -> !p.terminal() && !p.meta().namespace().equals(ns) && s.selector().matches(p.meta().labels()))
        .limit(3).toList();
    for (Pod p : elsewhere) {
      why.append(" Pod ").append(p.meta().key()).append(" matches the selector but is in another namespace;")
          .append(" a Service only selects pods of its own namespace.");
      f.evidence(ctx.evidence(p.meta().ref(), "matching pod in namespace " + p.meta().namespace()));
    }
    return f.explain(why.toString())
        .remedy("Compare `kubectl get svc " + s.meta().name() + " -n " + ns + " -o jsonpath='{.spec.selector}'` "
            + "with `kubectl get pods -n " + ns + " --show-labels`; fix spec.selector of the Service or the pod "
            + "template labels of the workload so that they agree, then check `kubectl get endpoints "
            + s.meta().name() + " -n " + ns + "`.")
        .build();
  }

  /** How many selector pairs the pod satisfies. */
  private static int score(Map<String, String> sel, Pod p) {
    return (int) sel.entrySet().stream().filter(e -> e.getValue().equals(p.meta().labels().get(e.getKey()))).count();
  }
}
