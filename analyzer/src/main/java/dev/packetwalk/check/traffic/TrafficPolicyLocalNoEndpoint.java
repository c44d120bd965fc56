package dev.packetwalk.check.traffic;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.service.Backends;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.cluster.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A Service with a Local traffic policy, and nodes without a ready local endpoint that therefore drop its traffic. */
public final class TrafficPolicyLocalNoEndpoint implements Check {
  static final CheckInfo INFO = new CheckInfo("traffic-policy-local-no-endpoint",
      "Local traffic policy with nodes lacking a local endpoint", Severity.WARNING, Layer.KUBERNETES,
      "A Service with externalTrafficPolicy or internalTrafficPolicy Local has nodes without a ready local "
          + "endpoint, where its traffic is dropped.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES, Cluster.Kind.NODES)) return List.of();
    Cluster c = ctx.cluster();
    if (!Backends.endpointsCollected(c) && !ctx.require(Cluster.Kind.PODS)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (Service s : c.services()) {
      boolean external = "Local".equals(s.externalTrafficPolicy())
          && (s.type().equals("LoadBalancer") || s.type().equals("NodePort"));
      boolean internal = "Local".equals(s.internalTrafficPolicy());
      if (!external && !internal) continue;
      TreeSet<String> withEndpoint = Backends.readyNodes(c, s);
      List<Node> without = c.nodes().stream().filter(n -> !withEndpoint.contains(n.meta().name())).toList();
      if (without.isEmpty()) continue;
      if (external) out.add(finding(ctx, s, "externalTrafficPolicy", withEndpoint, without));
      if (internal) out.add(finding(ctx, s, "internalTrafficPolicy", withEndpoint, without));
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, Service s, String field, TreeSet<String> with,
      List<Node> without) {
    boolean ext = field.equals("externalTrafficPolicy");
    List<String> names = without.stream().map(n -> n.meta().name()).toList();
    var f = ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()),
            "Service " + s.meta().key() + " has " + field + ": Local but " + names.size() + " of "
                + (names.size() + with.size()) + " nodes have no ready local endpoint")
        .severity(with.isEmpty() ? Severity.ERROR : Severity.WARNING)
        .evidence(ctx.evidence(s.specRef(field), field + ": Local"));
    for (EndpointAddress a : Backends.readyAddresses(ctx.cluster(), s).stream().limit(5).toList()) {
      f.evidence(ctx.evidence(a.ref(), "ready endpoint " + a.ip() + " on node " + Backends.nodeOf(ctx.cluster(), a)));
    }
    without.stream().limit(5).forEach(n -> f.evidence(ctx.evidence(n.meta().ref(), "node without a local endpoint")));
    String where = with.isEmpty() ? "No node has a ready endpoint of it at all"
        : "Only " + String.join(", ", with) + " host" + (with.size() == 1 ? "s" : "") + " a ready endpoint";
    String effect = ext
        ? "With externalTrafficPolicy Local, kube-proxy sends external traffic only to endpoints on the node it "
            + "arrives at (to keep the client source IP); nodes " + String.join(", ", names) + " drop it. Their "
            + "health check node port" + (s.healthCheckNodePort() > 0 ? " " + s.healthCheckNodePort() : "")
            + " reports unhealthy, so a cloud load balancer should skip them, but NodePort traffic sent to them "
            + "directly (or by a load balancer that ignores the health check) is dropped."
        : "With internalTrafficPolicy Local, a pod reaching the ClusterIP is only sent to an endpoint on its own "
            + "node; pods on nodes " + String.join(", ", names) + " get no answer.";
    return f.explain(where + " of Service " + s.meta().key() + ". " + effect)
        .remedy("Run a ready backend on every node that receives the traffic (a DaemonSet, or topology spread "
            + "constraints), restrict the load balancer to the nodes that have one, or set spec." + field
            + " to Cluster if the client source IP / node-local routing is not needed: `kubectl patch svc "
            + s.meta().name() + " -n " + s.meta().namespace() + " -p '{\"spec\":{\"" + field + "\":\"Cluster\"}}'`.")
        .build();
  }
}
