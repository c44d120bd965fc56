package dev.packetwalk.trace.flows;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.EndpointPort;
import dev.packetwalk.model.cluster.EndpointSet;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.BreakAt;
import dev.packetwalk.trace.Component;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Narrowing;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.Verdict;
import dev.packetwalk.trace.flows.Members.Member;
import dev.packetwalk.trace.walk.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Seed 000's narrowing: for a path that fails, trace the variants an expert would try (the pod IP instead of the
 * ClusterIP, from the node instead of the pod, from a pod on the destination's node, without NetworkPolicy) and name
 * the first component that fails.
 */
public final class Narrower {
  private final Cluster cluster;
  private final Members members;
  private final Tracer tracer;

  Narrower(Cluster cluster, Members members, Tracer tracer) {
    this.cluster = cluster;
    this.members = members;
    this.tracer = tracer;
  }

  public Narrower(Cluster cluster, NodeDataplanes nodes, Tracer tracer) {
    this(cluster, new Members(cluster, nodes), tracer);
  }

  public Trace narrow(Trace t) {
    if (t.verdict() == Verdict.DELIVERED || t.verdict() == Verdict.INSUFFICIENT_INFO || t.breakAt() == null) return t;
    Flow f = t.flow();
    List<Narrowing.Variant> vs = new ArrayList<>();
    Optional<Service> svc = serviceAt(f.dst(), f.dstPort());
    if (svc.isPresent()) vs.add(podIpInstead(f, svc.get()));
    if (f.start().kind() == Flow.Start.Kind.POD) {
      String ip = members.nodeIp(f.start().node());
      vs.add(ip.isEmpty() ? note("from the node instead of the pod", f, "the node's address is unknown")
          : run("from the node instead of the pod", new Flow("node/" + f.start().node(), f.to(), f.proto(), ip,
              f.srcPort(), f.dst(), f.dstPort(), new Flow.Start(Flow.Start.Kind.NODE, f.start().node(), "", ""),
              f.length(), f.replyLength())));
    }
    destinationNode(f, svc).ifPresent(node -> {
      if (node.equals(f.start().node())) return;
      Optional<Member> c = members.client(node);
      vs.add(c.isEmpty() ? note("from a pod on the destination's node", f, "no pod of " + node + " is in the evidence")
          : run("from a pod on the destination's node (" + node + ")", FlowPlanner.fromPod(c.get(), f.to(),
              f.proto(), f.dst(), f.dstPort())));
    });
    if (t.breakAt().disposition() == Disposition.DROPPED_BY_POLICY || !cluster.networkPolicies().isEmpty()) {
      Trace w = tracer.traceWithoutPolicy(f);
      vs.add(new Narrowing.Variant("without NetworkPolicy", f, w.verdict(), w.breakAt(), ""));
    }
    return t.withNarrowing(new Narrowing(vs, firstFailing(t.breakAt(), vs), conclusion(t.breakAt(), vs)));
  }

  private Narrowing.Variant run(String name, Flow f) {
    Trace v = tracer.trace(f);
    return new Narrowing.Variant(name, f, v.verdict(), v.breakAt(), "");
  }

  private static Narrowing.Variant note(String name, Flow f, String why) {
    return new Narrowing.Variant(name, f, Verdict.INSUFFICIENT_INFO, null, why);
  }

  private Narrowing.Variant podIpInstead(Flow f, Service s) {
    String name = "the pod IP instead of the Service address";
    ServicePort sp = s.ports().stream().filter(p -> p.port() == f.dstPort()).findFirst().orElse(null);
    if (sp == null) return note(name, f, "no port " + f.dstPort() + " on " + s.meta().key());
    for (EndpointSet e : endpointSets(s)) {
      int port = e.ports().stream().filter(p -> p.name().equals(sp.name())).mapToInt(EndpointPort::port)
          .findFirst().orElse(0);
      for (EndpointAddress a : e.addresses()) {
        if (!a.ready() || port <= 0) continue;
        return run(name + " (" + a.ip() + ":" + port + ")", new Flow(f.from(), "pod " + a.ip() + ":" + port,
            f.proto(), f.src(), f.srcPort(), a.ip(), port, f.start(), f.length(), f.replyLength()));
      }
    }
    return note(name, f, s.meta().key() + " has no ready endpoint");
  }

  private List<EndpointSet> endpointSets(Service s) {
    List<EndpointSet> slices = cluster.slicesOf(s);
    return slices.isEmpty() ? cluster.endpointsOf(s).map(List::of).orElse(List.of()) : slices;
  }

  private Optional<Service> serviceAt(String ip, int port) {
    return cluster.services().stream().filter(s -> s.clusterIP().equals(ip) || s.clusterIPs().contains(ip)
        || s.loadBalancerIngress().contains(ip) || s.externalIPs().contains(ip))
        .filter(s -> s.ports().stream().anyMatch(p -> p.port() == port)).findFirst();
  }

  /** Where the destination pod runs: the pod itself, or the Service's first ready endpoint. */
  private Optional<String> destinationNode(Flow f, Optional<Service> svc) {
    Optional<Member> direct = members.byIp(f.dst());
    if (direct.isPresent()) return Optional.of(direct.get().node());
    if (svc.isEmpty()) return Optional.empty();
    return endpointSets(svc.get()).stream().flatMap(e -> e.addresses().stream()).filter(EndpointAddress::ready)
        .map(EndpointAddress::nodeName).filter(n -> n != null && !n.isEmpty()).findFirst();
  }

  /** The component the variants point at: a working variant clears everything but the part it left out. */
  private static Component firstFailing(BreakAt at, List<Narrowing.Variant> vs) {
    for (Narrowing.Variant v : vs) {
      if (v.verdict() != Verdict.DELIVERED) continue;
      if (v.name().startsWith("the pod IP")) return Component.KUBE_PROXY;
      if (v.name().startsWith("without NetworkPolicy")) return Component.NETWORK_POLICY;
    }
    return at.component();
  }

  /**
   * What the variants say, the way an expert reads them: a variant that works clears the part it left out, so the
   * fault is in that part.
   */
  private static String conclusion(BreakAt at, List<Narrowing.Variant> vs) {
    List<String> says = new ArrayList<>();
    for (Narrowing.Variant v : vs) {
      if (v.verdict() != Verdict.DELIVERED) continue;
      if (v.name().startsWith("the pod IP")) {
        says.add("the pod IP works, so kube-proxy's Service translation is at fault");
      } else if (v.name().startsWith("from the node")) {
        says.add("the node gets through, so the pod's own path is at fault");
      } else if (v.name().startsWith("from a pod on the destination")) {
        says.add("a pod on the destination's node gets through, so the way between the nodes is at fault");
      } else if (v.name().startsWith("without NetworkPolicy")) {
        says.add("it works without NetworkPolicy, so a policy denies it");
      }
    }
    String where = at.component() + " on " + (at.node().isEmpty() ? "the underlay" : at.node());
    if (says.isEmpty()) {
      return "Every variant fails too, so look at the first failing step itself: " + where + ".";
    }
    String joined = String.join("; ", says);
    return Character.toUpperCase(joined.charAt(0)) + joined.substring(1) + ". The walk breaks at " + where + ".";
  }
}
