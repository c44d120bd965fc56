package dev.packetwalk.check.service;

import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.EndpointSet;
import dev.packetwalk.model.cluster.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The default/kubernetes Service, through which pods reach the API server, is missing or has no ready endpoint. */
public final class ApiserverEndpointsMissing implements Check {
  static final CheckInfo INFO = new CheckInfo("apiserver-endpoints-missing", "API server Service has no endpoint",
      Severity.CRITICAL, Layer.KUBERNETES,
      "The default/kubernetes Service is missing or has no ready endpoint, so in-cluster clients cannot reach the "
          + "API server.");

  private static final String REMEDY = "Check that kube-apiserver is running and reachable on its advertise "
      + "address (`kubectl get endpoints kubernetes -n default`, `kubectl -n kube-system get pods -l "
      + "component=kube-apiserver`); the API server itself maintains this Service and its endpoints, so a missing "
      + "one means it has not started, crashed, or its --advertise-address/--endpoint-reconciler-type is wrong.";

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES)) return List.of();
    Cluster c = ctx.cluster();
    Subject subject = Subject.of("Service", "default", "kubernetes");
    Optional<Service> svc = c.service("default", "kubernetes");
    if (svc.isEmpty()) {
      return List.of(ctx.finding(subject, "Service default/kubernetes is missing")
          .explain("The collected Services contain no default/kubernetes. Pods reach the API server through this "
              + "Service (KUBERNETES_SERVICE_HOST and kubernetes.default.svc); without it CoreDNS, controllers, "
              + "operators and the CNI agents cannot talk to the API.")
          .evidence(ctx.evidence(new SourceRef(EvidenceSpec.SERVICES.pattern(), 0, ""),
              "no Service default/kubernetes in the list"))
          .remedy(REMEDY).build());
    }
    if (!Backends.endpointsCollected(c)) {
      ctx.require(Cluster.Kind.ENDPOINTS, Cluster.Kind.ENDPOINT_SLICES);
      return List.of();
    }
    List<EndpointAddress> all = Backends.addresses(c, svc.get());
    if (all.stream().anyMatch(EndpointAddress::ready)) return List.of();
    var f = ctx.finding(subject, "Service default/kubernetes has no ready endpoint")
        .evidence(ctx.evidence(svc.get().meta().ref(), "Service default/kubernetes"));
    List<EndpointSet> sets = new ArrayList<>();
    c.endpointsOf(svc.get()).ifPresent(sets::add);
    sets.addAll(c.slicesOf(svc.get()));
    sets.forEach(e -> f.evidence(ctx.evidence(e.meta().ref(), e.source() == EndpointSet.Source.SLICE
        ? "EndpointSlice " + e.meta().name() : "Endpoints default/kubernetes")));
    return List.of(f.explain("Service default/kubernetes (ClusterIP " + svc.get().clusterIP() + ") has "
            + (sets.isEmpty() ? "no Endpoints object or EndpointSlice" : "no ready endpoint address")
            + ", so every in-cluster connection to the API server fails: CoreDNS cannot list Services, "
            + "controllers and CNI agents lose their watch.")
        .remedy(REMEDY).build());
  }
}
