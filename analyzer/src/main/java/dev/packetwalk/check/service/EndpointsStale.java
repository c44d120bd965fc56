package dev.packetwalk.check.service;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.EndpointSet;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Endpoints or EndpointSlices that disagree with the pods they point at, or with each other. */
public final class EndpointsStale implements Check {
  static final CheckInfo INFO = new CheckInfo("endpoints-stale", "Endpoints disagree with the pods",
      Severity.WARNING, Layer.KUBERNETES,
      "Endpoints or EndpointSlices list gone or re-addressed pods, ready addresses of unready pods, miss ready "
          + "pods, or disagree with each other.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES, Cluster.Kind.PODS)) return List.of();
    Cluster c = ctx.cluster();
    if (!Backends.endpointsCollected(c)) {
      ctx.require(Cluster.Kind.ENDPOINTS, Cluster.Kind.ENDPOINT_SLICES);
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (Service s : c.services()) {
      if (s.isExternalName()) continue;
      List<String> issues = new ArrayList<>();
      List<Evidence> ev = new ArrayList<>();
      boolean severe = false;
      Optional<EndpointSet> eps = c.endpointsOf(s);
      List<EndpointSet> slices = c.slicesOf(s);
      for (EndpointAddress a : Backends.addresses(c, s)) {
        if (!"Pod".equals(a.targetKind())) continue;
        String where = (a.ref().file().contains("endpointslices") ? "EndpointSlice" : "Endpoints") + " address "
            + a.ip() + " (pod " + a.targetName() + ")";
        Optional<Pod> pod = c.pod(a.targetNamespace(), a.targetName());
        String issue = null;
        if (pod.isEmpty() || pod.get().terminal()) {
          issue = where + " points at a pod that " + (pod.isEmpty() ? "no longer exists" : "has finished");
        } else if (!pod.get().podIPs().isEmpty() && !pod.get().podIPs().contains(a.ip())) {
          issue = where + " differs from the pod's IP " + pod.get().podIP();
        } else if (a.ready() && !pod.get().ready()) {
          issue = where + " is listed ready, but the pod is not ready (" + pod.get().displayStatus() + ")";
          ev.add(ctx.evidence(pod.get().condition("Ready").map(r -> r.ref()).orElse(pod.get().meta().ref()),
              "Ready condition of pod " + a.targetName()));
        }
        if (issue == null) continue;
        severe |= a.ready() && !issue.contains("not ready");
        issues.add(issue);
        ev.add(ctx.evidence(a.ref(), (a.ready() ? "ready " : "not-ready ") + "address " + a.ip()));
      }
      TreeSet<String> listed = new TreeSet<>();
      Backends.addresses(c, s).forEach(a -> listed.add(a.ip()));
      if (s.hasSelector() && (eps.isPresent() || !slices.isEmpty())) {
        for (Pod p : c.selectedPods(s)) {
          if (p.ready() && !p.podIP().isEmpty() && !listed.contains(p.podIP())) {
            issues.add("ready pod " + p.meta().name() + " (" + p.podIP() + ") is missing from the endpoints");
            ev.add(ctx.evidence(p.meta().ref(), "ready selected pod " + p.meta().name()));
          }
        }
      }
      if (eps.isPresent() && !slices.isEmpty()) {
        TreeSet<String> a = ready(List.of(eps.get()));
        TreeSet<String> b = ready(slices);
        if (!a.equals(b)) {
          issues.add("the Endpoints object lists ready " + a + " but the EndpointSlices list ready " + b);
          ev.add(ctx.evidence(eps.get().meta().ref(), "Endpoints " + eps.get().meta().key()));
          slices.forEach(sl -> ev.add(ctx.evidence(sl.meta().ref(), "EndpointSlice " + sl.meta().name())));
        }
      }
      if (issues.isEmpty()) continue;
      out.add(ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()),
              "Endpoints of Service " + s.meta().key() + " disagree with its pods")
          .severity(severe ? Severity.ERROR : Severity.WARNING)
          .explain("The endpoints of Service " + s.meta().key() + " do not match the pods: " + String.join("; ", issues)
              + ". kube-proxy programs exactly what the endpoints list, so traffic "
              + (severe ? "is sent to addresses where no pod of the Service answers" : "is balanced over the wrong set")
              + ". This usually means the endpoint controller (kube-controller-manager) is lagging or down, or "
              + "the snapshot was taken mid-rollout.")
          .evidence(ev)
          .remedy("Compare `kubectl get endpoints " + s.meta().name() + " -n " + s.meta().namespace()
              + " -o yaml` and `kubectl get endpointslices -n " + s.meta().namespace() + " -l kubernetes.io/service-name="
              + s.meta().name() + " -o yaml` with `kubectl get pods -n " + s.meta().namespace() + " -o wide`; if they stay out of step, check the kube-controller-manager logs "
              + "and manually created Endpoints objects.")
          .build());
    }
    return out;
  }

  private static TreeSet<String> ready(List<EndpointSet> sets) {
    TreeSet<String> ips = new TreeSet<>();
    sets.forEach(s -> s.ready().forEach(a -> ips.add(a.ip())));
    return ips;
  }
}
