package dev.packetwalk.check.traffic;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Event;
import dev.packetwalk.model.cluster.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A LoadBalancer Service that never got an external address: no load balancer was provisioned for it. */
public final class LoadbalancerPending implements Check {
  static final CheckInfo INFO = new CheckInfo("loadbalancer-pending", "LoadBalancer Service has no address",
      Severity.WARNING, Layer.KUBERNETES,
      "A LoadBalancer Service has no status.loadBalancer.ingress: its external IP is still <pending>.");

  private static final Set<String> FAILED = Set.of("SyncLoadBalancerFailed", "CreatingLoadBalancerFailed",
      "LoadBalancerFailed", "AllocationFailed");
  private static final Set<String> TRYING = Set.of("EnsuringLoadBalancer", "SyncLoadBalancer");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (Service s : ctx.cluster().services()) {
      if (!s.type().equals("LoadBalancer") || !s.loadBalancerIngress().isEmpty()) continue;
      List<Event> events = ctx.cluster().eventsFor("Service", s.meta().namespace(), s.meta().name()).stream()
          .filter(e -> FAILED.contains(e.reason()) || TRYING.contains(e.reason())).toList();
      Event failed = events.stream().filter(e -> FAILED.contains(e.reason())).reduce((a, b) -> b).orElse(null);
      var f = ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()),
              "LoadBalancer Service " + s.meta().key() + " has no external address")
          .severity(failed != null ? Severity.ERROR : Severity.WARNING)
          .evidence(ctx.evidence(s.specRef("type"), "type: LoadBalancer, with no status.loadBalancer.ingress"));
      events.forEach(e -> f.evidence(ctx.evidence(e.meta().ref(), e.reason() + " event")));
      String ports = String.join(", ", s.ports().stream().filter(p -> p.nodePort() > 0)
          .map(p -> p.port() + "->" + p.nodePort()).toList());
      String why = "Service " + s.meta().key() + " is of type LoadBalancer but has no address in "
          + "status.loadBalancer.ingress (EXTERNAL-IP <pending>), so clients outside the cluster have nothing "
          + "to connect to" + (ports.isEmpty() ? "." : "; its node ports (" + ports + ") still work.");
      if (failed != null) {
        why += " The service controller reports " + failed.reason() + ": " + failed.message().strip();
      } else if (!events.isEmpty()) {
        why += " The only events are " + events.get(events.size() - 1).reason() + " (x"
            + events.get(events.size() - 1).count() + "): provisioning started and never finished.";
      } else if (ctx.cluster().has(Cluster.Kind.EVENTS)) {
        why += " No load-balancer event was recorded: nothing in the cluster (cloud-controller-manager, "
            + "MetalLB, kube-vip, ...) is handling LoadBalancer Services, as on bare metal without an LB provider.";
      }
      out.add(f.explain(why)
          .remedy("Run `kubectl describe svc " + s.meta().name() + " -n " + s.meta().namespace() + "` and read "
              + "the events; check the cloud-controller-manager (quota, permissions, subnet/annotations) or, on "
              + "bare metal, install/configure a load-balancer provider (MetalLB address pool, kube-vip); "
              + "otherwise use a NodePort or an Ingress instead.")
          .build());
    }
    return out;
  }
}
