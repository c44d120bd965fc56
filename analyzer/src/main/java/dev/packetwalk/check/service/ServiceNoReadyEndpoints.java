package dev.packetwalk.check.service;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.dns.DnsServer;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * A Service with backends none of which is ready: kube-proxy has nothing to forward to. The kube-dns and
 * default/kubernetes Services are left to their own, more severe checks.
 */
public final class ServiceNoReadyEndpoints implements Check {
  static final CheckInfo INFO = new CheckInfo("service-no-ready-endpoints", "Service has no ready endpoint",
      Severity.ERROR, Layer.KUBERNETES,
      "A Service selects pods or lists endpoints, but none of them is ready, and the pods say why.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES)) return List.of();
    Cluster c = ctx.cluster();
    if (!Backends.endpointsCollected(c) && !ctx.require(Cluster.Kind.PODS)) return List.of();
    String dns = DnsServer.service(c).map(s -> s.meta().key()).orElse("");
    List<Finding> out = new ArrayList<>();
    for (Service s : c.services()) {
      if (s.isExternalName() || s.meta().key().equals("default/kubernetes") || s.meta().key().equals(dns)) continue;
      List<Pod> pods = c.selectedPods(s);
      List<EndpointAddress> addrs = Backends.addresses(c, s);
      if (pods.isEmpty() && addrs.isEmpty()) continue; // nothing selected: service-selector-no-match says so
      if (Backends.hasReadyBackend(c, s).orElse(true)) continue;
      if (pods.stream().anyMatch(Pod::ready)) continue; // ready pods missing from endpoints: endpoints-stale
      out.add(finding(ctx, s, pods, addrs));
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, Service s, List<Pod> pods, List<EndpointAddress> addrs) {
    String ns = s.meta().namespace();
    var f = ctx.finding(Subject.of("Service", ns, s.meta().name()),
        "Service " + s.meta().key() + " has no ready endpoint");
    if (s.hasSelector()) f.evidence(ctx.evidence(s.specRef("selector"), "the Service's selector"));
    List<String> states = new ArrayList<>();
    for (Pod p : pods) {
      Backends.PodState st = Backends.diagnose(ctx, p);
      states.add(st.summary());
      f.evidence(st.evidence());
    }
    for (EndpointAddress a : addrs.stream().limit(5).toList()) {
      f.evidence(ctx.evidence(a.ref(), "not-ready endpoint " + a.ip()
          + (a.targetName().isEmpty() ? "" : " (" + a.targetName() + ")")));
    }
    String what = pods.isEmpty() ? "lists " + addrs.size() + " endpoint address(es)"
        : "selects " + pods.size() + " pod(s)";
    String why = "Service " + s.meta().key() + " " + what + ", but none is ready, so kube-proxy has no backend: "
        + "connections to its ClusterIP are rejected (or time out) and DNS for a headless Service returns nothing."
        + (states.isEmpty() ? "" : " Pods: " + String.join(". ", states) + ".");
    return f.explain(why)
        .remedy("Find out why the pods are not ready: `kubectl describe pod -n " + ns + " -l " + selectorArg(s)
            + "` (readiness probe, events) and `kubectl logs -n " + ns + " <pod> --previous` for crash loops; "
            + "check that the readiness probe's path and port match what the container serves.")
        .build();
  }

  private static String selectorArg(Service s) {
    return s.hasSelector() ? s.selector().toString() : "<labels>";
  }
}
