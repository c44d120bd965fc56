package dev.packetwalk.check.policy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.intent.Endpoint;
import dev.packetwalk.intent.NetworkPolicyIntent;
import dev.packetwalk.intent.Verdict;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Ingress;
import dev.packetwalk.model.cluster.NetworkPolicy;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Seed 003: an Ingress routes to a Service whose pods a NetworkPolicy keeps the ingress controller out of, so
 * clients get 502/503/504 from the controller while the pods are healthy.
 */
public final class NetpolBlocksIngressController implements Check {
  static final CheckInfo INFO = new CheckInfo("netpol-blocks-ingress-controller",
      "NetworkPolicy keeps the ingress controller from an Ingress backend", Severity.ERROR, Layer.KUBERNETES,
      "Finds Ingress backends whose pods NetworkPolicy does not allow the ingress controller pods to reach.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.INGRESSES, Cluster.Kind.SERVICES, Cluster.Kind.PODS,
        Cluster.Kind.NETWORK_POLICIES)) {
      return List.of();
    }
    Cluster cluster = ctx.cluster();
    List<Pod> controllers = IngressControllers.in(cluster);
    if (controllers.isEmpty()) {
      if (!cluster.ingresses().isEmpty()) ctx.insufficient("no ingress controller pod could be identified");
      return List.of();
    }
    NetworkPolicyIntent intent = new NetworkPolicyIntent(cluster);
    List<Finding> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Ingress ing : cluster.ingresses()) {
      for (Ingress.Backend b : ing.backends()) {
        if (!b.isService()) continue;
        Optional<Service> svc = cluster.service(ing.meta().namespace(), b.serviceName());
        Optional<ServicePort> sp = svc.flatMap(s -> port(s, b));
        if (sp.isEmpty() || !seen.add(ing.meta().key() + "|" + b)) continue;
        check(ctx, intent, controllers, ing, b, svc.get(), sp.get()).ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<Finding> check(CheckContext ctx, NetworkPolicyIntent intent, List<Pod> controllers, Ingress ing,
      Ingress.Backend b, Service svc, ServicePort sp) {
    List<Pod> blocked = new ArrayList<>();
    Set<NetworkPolicy> isolating = new LinkedHashSet<>();
    Set<String> sides = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    int ports = -1;
    for (Pod backend : ctx.cluster().selectedPods(svc)) {
      int target = targetPort(sp, backend);
      if (target <= 0) continue;
      ports = target;
      boolean anyAllowed = false;
      List<Verdict> denials = new ArrayList<>();
      for (Pod c : controllers) {
        Verdict v = intent.evaluate(Endpoint.of(c), Endpoint.of(backend), sp.protocol(), target);
        if (v.allowed()) anyAllowed = true;
        else denials.add(v);
      }
      if (anyAllowed || denials.isEmpty()) continue;
      blocked.add(backend);
      for (Verdict v : denials) {
        Verdict.Side side = v.denyingSide().orElseThrow();
        isolating.addAll(side.isolating());
        sides.add(side.direction().policyType());
        v.notes().forEach(n -> { if (!notes.contains(n)) notes.add(n); });
      }
    }
    if (blocked.isEmpty()) return Optional.empty();
    String ctrlNs = controllers.stream().map(p -> p.meta().namespace()).distinct().collect(Collectors.joining(", "));
    String ctrl = controllers.stream().map(p -> p.meta().key()).limit(5).collect(Collectors.joining(", "));
    String pods = blocked.stream().map(p -> p.meta().name()).limit(10).collect(Collectors.joining(", "));
    String policies = isolating.stream().map(p -> p.meta().key()).collect(Collectors.joining(", "));
    String ns = svc.meta().namespace();
    List<Evidence> ev = new ArrayList<>();
    ev.add(ctx.evidence(b.ref(), "backend of Ingress " + ing.meta().key()));
    ev.add(ctx.evidence(sp.ref(), "Service port " + sp.label() + " → targetPort " + sp.targetPort()));
    isolating.forEach(p -> ev.add(ctx.evidence(p.podSelectorRef(), "isolates " + p.podSelector() + "; no rule admits"
        + " the ingress controller")));
    blocked.stream().limit(3).forEach(p -> ev.add(ctx.evidence(p.meta().ref(), "backend pod")));
    controllers.stream().limit(2).forEach(p -> ev.add(ctx.evidence(p.meta().ref(), "ingress controller pod")));
    return Optional.of(ctx.finding(Subject.of("Service", ns, svc.meta().name()),
            "Ingress " + ing.meta().key() + ": NetworkPolicy keeps the ingress controller out of " + svc.meta().name())
        .explain("Ingress " + ing.meta().key() + " routes to Service " + svc.meta().key() + " port " + sp.label()
            + " (pod port " + ports + "/" + sp.protocol() + "). The ingress controller pods in namespace " + ctrlNs
            + " (" + ctrl + ") are not allowed to reach backend pods " + pods + ": " + policies + " isolate"
            + " them for " + String.join(" and ", sides) + " and no rule admits the controller's namespace and pods."
            + " The controller's requests are dropped, so clients see 502/503/504 (or 499 when they give up) while"
            + " the backend pods look healthy." + (notes.isEmpty() ? "" : " Note: " + String.join("; ", notes)))
        .remedy("Add an ingress rule to a policy selecting the backend pods in " + ns + ": from: [{namespaceSelector:"
            + " {matchLabels: {kubernetes.io/metadata.name: " + controllers.get(0).meta().namespace() + "}},"
            + " podSelector: {matchLabels: " + IngressControllers.identifyingLabel(controllers.get(0)) + "}}], ports: [{port: " + ports
            + ", protocol: " + sp.protocol() + "}]. Existing connections survive a new policy, so test with a new"
            + " connection.")
        .evidence(ev).build());
  }

  private static Optional<ServicePort> port(Service svc, Ingress.Backend b) {
    if (b.servicePort() == null) return svc.ports().stream().findFirst();
    return svc.ports().stream().filter(p -> b.servicePort().isNumber() ? p.port() == b.servicePort().number()
        : p.name().equals(b.servicePort().name())).findFirst();
  }

  /** The Service port's targetPort on this pod; a name resolves against the pod's container ports, or -1. */
  static int targetPort(ServicePort sp, Pod pod) {
    if (sp.targetPort().isNumber()) return sp.targetPort().number();
    return pod.containers().stream().filter(c -> !c.init()).flatMap(c -> c.ports().stream())
        .filter(cp -> cp.name().equals(sp.targetPort().name()) && cp.protocol().equalsIgnoreCase(sp.protocol()))
        .mapToInt(cp -> cp.containerPort()).findFirst().orElse(-1);
  }
}
