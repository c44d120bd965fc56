package dev.packetwalk.check.service;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.Container.ContainerPort;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A Service port whose targetPort no selected pod declares: traffic is forwarded to a port nothing listens on. */
public final class ServiceTargetPortMismatch implements Check {
  static final CheckInfo INFO = new CheckInfo("service-target-port-mismatch", "Service targetPort not on the pods",
      Severity.ERROR, Layer.KUBERNETES,
      "A Service's targetPort names or numbers a port that no container of the selected pods declares.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES, Cluster.Kind.PODS)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (Service s : ctx.cluster().services()) {
      List<Pod> pods = ctx.cluster().selectedPods(s);
      if (s.isExternalName() || pods.isEmpty()) continue;
      for (ServicePort sp : s.ports()) check(ctx, s, sp, pods, out);
    }
    return out;
  }

  private static void check(CheckContext ctx, Service s, ServicePort sp, List<Pod> pods, List<Finding> out) {
    boolean named = !sp.targetPort().isNumber();
    List<Pod> declaring = pods.stream().filter(p -> !ports(p).isEmpty()).toList();
    if (!named && declaring.isEmpty()) return; // nothing declared: containerPort is optional, cannot tell
    List<Pod> lacking = (named ? pods : declaring).stream()
        .filter(p -> ports(p).stream().noneMatch(cp -> matches(cp, sp))).toList();
    if (lacking.isEmpty()) return;
    boolean none = lacking.size() == (named ? pods : declaring).size();
    if (!none && !named) return; // some declaring pods have it: a rollout in progress or a mixed selector
    Severity sev = (named ? none : declaring.size() == pods.size()) ? Severity.ERROR : Severity.WARNING;
    Pod example = lacking.get(0);
    String declared = ports(example).stream().map(cp -> (cp.name().isEmpty() ? "" : cp.name() + "=")
        + cp.containerPort() + "/" + cp.protocol()).collect(Collectors.joining(", "));
    var f = ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()),
            "Service " + s.meta().key() + " port " + sp.label() + " targets " + (named ? "named port " : "port ")
                + sp.targetPort() + ", which " + (none ? "no" : "not every") + " selected pod declares")
        .severity(sev)
        .evidence(ctx.evidence(sp.ref(), "Service port " + sp.label() + " with targetPort " + sp.targetPort()));
    for (Pod p : lacking.stream().limit(3).toList()) {
      List<ContainerPort> cps = ports(p);
      f.evidence(cps.isEmpty() ? ctx.evidence(p.meta().ref(), "pod " + p.meta().name() + " declares no port")
          : ctx.evidence(cps.get(0).ref(), "first declared port of pod " + p.meta().name()));
    }
    String why;
    if (named) {
      why = "Service " + s.meta().key() + " port " + sp.label() + " forwards to the named port '" + sp.targetPort()
          + "', but " + (none ? "none of the selected pods defines" : lacking.size() + " of the " + pods.size()
          + " selected pods define") + " a container port of that name (" + example.meta().name() + " declares "
          + (declared.isEmpty() ? "no ports" : declared) + "). The endpoint controller cannot resolve the name, so "
          + (none ? "the Service gets no endpoint port and no traffic is forwarded."
              : "those pods are left out of the endpoints.");
    } else {
      why = "Service " + s.meta().key() + " port " + sp.label() + " forwards to port " + sp.targetPort() + ", but "
          + "the selected pods declare other ports (" + example.meta().name() + ": " + declared + "). Connections "
          + "are DNAT-ed to " + sp.targetPort() + " and refused unless the process listens there anyway: "
          + "containerPort is informational, so an undeclared port can still listen"
          + (sev == Severity.WARNING ? ", and " + (pods.size() - declaring.size()) + " selected pod(s) declare no "
              + "ports at all." : ".");
    }
    out.add(f.explain(why)
        .remedy("Set the Service's targetPort (spec.ports[].targetPort of " + s.meta().key() + ") to the port the "
            + "container listens on, or add it to the container's ports; verify with `kubectl exec -n "
            + s.meta().namespace() + " " + example.meta().name() + " -- ss -ltn` or `netstat -ltn`.")
        .build());
  }

  private static List<ContainerPort> ports(Pod p) {
    return p.containers().stream().filter(c -> !c.init()).map(Container::ports).flatMap(List::stream).toList();
  }

  private static boolean matches(ContainerPort cp, ServicePort sp) {
    if (!cp.protocol().equals(sp.protocol())) return false;
    return sp.targetPort().isNumber() ? cp.containerPort() == sp.targetPort().number()
        : cp.name().equals(sp.targetPort().name());
  }
}
