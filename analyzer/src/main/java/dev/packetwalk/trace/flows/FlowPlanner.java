package dev.packetwalk.trace.flows;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Ingress;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.flows.Members.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The automatic flow matrix: every traffic type of seeds 000 and 004 between representative pods and nodes, in a
 * fixed order (kind, then source node, then destination).
 */
public final class FlowPlanner {
  /** A documentation address (RFC 5737) standing for "somewhere outside the cluster". */
  public static final String EXTERNAL_ADDRESS = "203.0.113.10";
  static final int SYN = 60;
  static final int SMALL_REPLY = 200;

  private final Cluster cluster;
  private final NodeDataplanes nodes;
  private final Members members;

  public FlowPlanner(Cluster cluster, NodeDataplanes nodes) {
    this.cluster = cluster;
    this.nodes = nodes;
    this.members = new Members(cluster, nodes);
  }

  Members members() {
    return members;
  }

  public List<PlannedFlow> plan() {
    List<PlannedFlow> out = new ArrayList<>();
    List<String> names = nodes.names();
    for (String n : names) {
      Optional<Member> c = members.client(n);
      if (c.isEmpty()) continue;
      members.on(n).stream().filter(m -> !m.key().equals(c.get().key()) && m.port() > 0).findFirst()
          .ifPresent(d -> out.add(podToPod(FlowKind.POD_POD_SAME_NODE, c.get(), d)));
    }
    for (String a : names) {
      for (String b : names) {
        if (a.equals(b)) continue;
        Optional<Member> c = members.client(a);
        Optional<Member> d = members.server(b);
        if (c.isPresent() && d.isPresent()) out.add(podToPod(FlowKind.POD_POD_CROSS_NODE, c.get(), d.get()));
      }
    }
    List<Service> services = cluster.services().stream().filter(s -> !s.headless() && !s.isExternalName()
        && !s.clusterIP().isEmpty()).sorted(Comparator.comparing(s -> s.meta().key())).toList();
    for (String n : names) {
      Optional<Member> c = members.client(n);
      if (c.isEmpty()) continue;
      for (Service s : services) {
        for (ServicePort p : s.ports()) {
          Optional<Proto> proto = Proto.parse(p.protocol());
          if (proto.isEmpty()) continue;
          FlowKind kind = isDns(s, p) ? (proto.get() == Proto.UDP ? FlowKind.DNS_UDP : FlowKind.DNS_TCP)
              : FlowKind.POD_CLUSTER_IP;
          out.add(new PlannedFlow(kind, fromPod(c.get(), svcRef(s, p), proto.get(), s.clusterIP(), p.port())));
        }
      }
    }
    Optional<Member> first = names.stream().map(members::client).flatMap(Optional::stream).findFirst();
    if (first.isPresent()) {
      for (Service s : services) {
        for (ServicePort p : s.ports()) {
          if (p.nodePort() <= 0) continue;
          Optional<Proto> proto = Proto.parse(p.protocol());
          for (String n : names) {
            String ip = members.nodeIp(n);
            if (ip.isEmpty() || proto.isEmpty()) continue;
            out.add(new PlannedFlow(FlowKind.POD_NODE_PORT, fromPod(first.get(), "node/" + n + ":" + p.nodePort()
                + " (" + svcRef(s, p) + ")", proto.get(), ip, p.nodePort())));
          }
        }
        for (String lb : s.loadBalancerIngress()) {
          for (ServicePort p : s.ports()) {
            Proto.parse(p.protocol()).ifPresent(proto -> out.add(new PlannedFlow(FlowKind.POD_LOAD_BALANCER,
                fromPod(first.get(), "lb/" + lb + ":" + p.port() + " (" + svcRef(s, p) + ")", proto, lb, p.port()))));
          }
        }
      }
      for (Ingress i : cluster.ingresses().stream().sorted(Comparator.comparing(x -> x.meta().key())).toList()) {
        ingressController(i).ifPresent(ctl -> {
          ServicePort p = ctl.ports().stream().filter(x -> x.port() == 80).findFirst().orElse(ctl.ports().get(0));
          out.add(new PlannedFlow(FlowKind.POD_INGRESS, fromPod(first.get(), "ingress/" + i.meta().key() + " via "
              + svcRef(ctl, p), Proto.TCP, ctl.clusterIP(), p.port())));
          controllerPod(ctl).ifPresent(c -> backends(i).forEach(b -> out.add(new PlannedFlow(FlowKind.POD_INGRESS,
              fromPod(c, "ingress/" + i.meta().key() + " backend " + svcRef(b.service(), b.port()), Proto.TCP,
                  b.service().clusterIP(), b.port().port())))));
        });
      }
    }
    for (String n : names) {
      members.client(n).ifPresent(c -> out.add(new PlannedFlow(FlowKind.POD_EXTERNAL, fromPod(c,
          "external/" + EXTERNAL_ADDRESS + ":443", Proto.TCP, EXTERNAL_ADDRESS, 443))));
    }
    for (String n : names) {
      String ip = members.nodeIp(n);
      if (ip.isEmpty()) continue;
      for (String m : names) {
        members.server(m).ifPresent(d -> out.add(new PlannedFlow(FlowKind.NODE_POD, new Flow("node/" + n,
            d.ref() + ":" + d.port(), d.proto(), ip, Flow.EPHEMERAL_PORT, d.ip(), d.port(),
            new Flow.Start(Flow.Start.Kind.NODE, n, "", ""), SYN, SMALL_REPLY))));
      }
    }
    return out;
  }

  private static PlannedFlow podToPod(FlowKind kind, Member c, Member d) {
    return new PlannedFlow(kind, fromPod(c, d.ref() + (d.port() > 0 ? ":" + d.port() : ""), d.proto(), d.ip(),
        d.port()));
  }

  static Flow fromPod(Member c, String to, Proto proto, String dst, int port) {
    return new Flow(c.ref(), to, proto, c.ip(), proto.hasPorts() ? Flow.EPHEMERAL_PORT : 0, dst, port, c.start(), SYN,
        SMALL_REPLY);
  }

  static String svcRef(Service s, ServicePort p) {
    return "svc/" + s.meta().key() + ":" + (p.name().isEmpty() ? String.valueOf(p.port()) : p.name());
  }

  private static boolean isDns(Service s, ServicePort p) {
    return p.port() == 53 && (s.meta().name().equals("kube-dns") || s.meta().name().equals("coredns"));
  }

  /** An Ingress backend resolved to its Service port. */
  private record Backend(Service service, ServicePort port) {}

  /** The second leg of an Ingress path: from the controller to each backend Service port its rules name. */
  private List<Backend> backends(Ingress i) {
    List<Ingress.Backend> named = new ArrayList<>();
    if (i.defaultBackend() != null) named.add(i.defaultBackend());
    for (Ingress.Rule r : i.rules()) for (Ingress.Path p : r.paths()) if (p.backend() != null) named.add(p.backend());
    List<Backend> out = new ArrayList<>();
    for (Ingress.Backend b : named) {
      if (b.serviceName() == null || b.serviceName().isEmpty() || b.servicePort() == null) continue;
      cluster.service(i.meta().namespace(), b.serviceName()).filter(s -> !s.clusterIP().isEmpty() && !s.headless())
          .flatMap(s -> s.ports().stream().filter(sp -> b.servicePort().isNumber()
              ? sp.port() == b.servicePort().number() : sp.name().equals(b.servicePort().name()))
              .findFirst().map(sp -> new Backend(s, sp)))
          .filter(x -> out.stream().noneMatch(y -> y.equals(x))).ifPresent(out::add);
    }
    return out;
  }

  /** A pod of the controller Service that the node evidence holds: where the second leg starts. */
  private Optional<Member> controllerPod(Service ctl) {
    return cluster.selectedPods(ctl).stream().map(p -> members.byKey(p.meta().key())).flatMap(Optional::stream)
        .findFirst();
  }

  /** The controller Service of an Ingress: one of the well-known controllers' Services, if the cluster has it. */
  private Optional<Service> ingressController(Ingress i) {
    return cluster.services().stream().filter(s -> !s.clusterIP().isEmpty() && !s.ports().isEmpty())
        .filter(s -> s.meta().name().contains("ingress") && s.meta().name().contains("controller")
            || s.meta().name().equals("traefik"))
        .sorted(Comparator.comparing(s -> s.meta().key())).findFirst();
  }
}
