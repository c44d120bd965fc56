package dev.packetwalk.check.ingress;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.service.Backends;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Ingress;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An Ingress backend whose Service is missing, lacks the port, or has no ready endpoint: the controller returns 503. */
public final class IngressBackendMissing implements Check {
  static final CheckInfo INFO = new CheckInfo("ingress-backend-missing", "Ingress backend unusable",
      Severity.ERROR, Layer.KUBERNETES,
      "An Ingress routes to a Service that does not exist, a port the Service does not expose, or a Service "
          + "with no ready endpoint.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.INGRESSES, Cluster.Kind.SERVICES)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (Ingress ing : ctx.cluster().ingresses()) {
      Map<String, List<Ingress.Backend>> byTarget = new LinkedHashMap<>();
      for (Ingress.Backend b : ing.backends()) {
        if (b.isService()) byTarget.computeIfAbsent(b.serviceName() + ":" + b.servicePort(), k -> new ArrayList<>()).add(b);
      }
      byTarget.values().forEach(bs -> check(ctx, ing, bs).ifPresent(out::add));
    }
    return out;
  }

  private static Optional<Finding> check(CheckContext ctx, Ingress ing, List<Ingress.Backend> uses) {
    Ingress.Backend b = uses.get(0);
    String ns = ing.meta().namespace();
    Optional<Service> svc = ctx.cluster().service(ns, b.serviceName());
    String problem;
    String remedy;
    if (svc.isEmpty()) {
      problem = "routes to Service " + ns + "/" + b.serviceName() + ", which does not exist (an Ingress can only "
          + "name Services of its own namespace)";
      remedy = "Create the Service or fix the backend's service.name: `kubectl get svc -n " + ns + "`.";
    } else if (b.servicePort() != null && svc.get().ports().stream().noneMatch(p -> exposes(p, b))) {
      problem = "routes to port " + b.servicePort() + " of Service " + svc.get().meta().key() + ", which exposes "
          + String.join(", ", svc.get().ports().stream().map(ServicePort::label).toList());
      remedy = "Set the backend's service.port." + (b.servicePort().isNumber() ? "number" : "name") + " to one "
          + "of the Service's ports (the Service port, not the container's targetPort).";
    } else if (!svc.get().isExternalName()
        && !Backends.hasReadyBackend(ctx.cluster(), svc.get()).orElse(true)) {
      problem = "routes to Service " + svc.get().meta().key() + ", which has no ready endpoint";
      remedy = "Make the Service's pods ready (see service-no-ready-endpoints / service-selector-no-match for "
          + svc.get().meta().key() + "): `kubectl get endpoints " + b.serviceName() + " -n " + ns + "`.";
    } else {
      return Optional.empty();
    }
    var f = ctx.finding(Subject.of("Ingress", ns, ing.meta().name()),
        "Ingress " + ing.meta().key() + " backend " + b + " is unusable");
    uses.forEach(u -> f.evidence(ctx.evidence(u.ref(), "Ingress backend " + u)));
    svc.ifPresent(s -> f.evidence(ctx.evidence(s.meta().ref(), "Service " + s.meta().key())));
    return Optional.of(f.explain("Ingress " + ing.meta().key() + " " + problem + ". The ingress controller has "
            + "nowhere to send requests for " + (uses.size() == 1 ? "this path" : "these " + uses.size() + " paths")
            + " and answers 503 Service Unavailable (or 404 if it drops the rule).")
        .remedy(remedy).build());
  }

  private static boolean exposes(ServicePort p, Ingress.Backend b) {
    return b.servicePort().isNumber() ? p.port() == b.servicePort().number() : p.name().equals(b.servicePort().name());
  }
}
