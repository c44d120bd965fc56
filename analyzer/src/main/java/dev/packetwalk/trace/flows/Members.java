package dev.packetwalk.trace.flows;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.node.Listener;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.PodNetns;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Proto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pods and nodes a flow can start from or go to: pods the node evidence holds (with their namespace and veth),
 * each with a port that answers where the evidence says so.
 */
final class Members {
  private final Cluster cluster;
  private final NodeDataplanes nodes;
  private final Map<String, List<Member>> byNode = new HashMap<>();

  /** A pod as a flow endpoint: where it runs, its namespace name and IP, and a port it serves (0 when none known). */
  record Member(String node, String netns, String key, String ip, Proto proto, int port) {
    String ref() {
      return "pod/" + key;
    }

    Flow.Start start() {
      return new Flow.Start(Flow.Start.Kind.POD, node, netns, key);
    }
  }

  Members(Cluster cluster, NodeDataplanes nodes) {
    this.cluster = cluster;
    this.nodes = nodes;
  }

  /** Every pod of {@code node} the evidence joins to a namespace or veth, in name order. */
  List<Member> on(String node) {
    return byNode.computeIfAbsent(node, this::scan);
  }

  private List<Member> scan(String node) {
    Optional<NodeDataplane> dp = nodes.get(node);
    if (dp.isEmpty()) return List.of();
    List<Member> out = new ArrayList<>();
    for (PodJoin j : dp.get().pods()) {
      if (j.podKey().isEmpty() || j.podIP().isEmpty() || j.hostInterface().isEmpty()) continue;
      PodNetns ns = dp.get().netns().stream().filter(n -> n.name().equals(j.netns())).findFirst().orElse(null);
      int[] port = {0};
      Proto[] proto = {Proto.ICMP};
      if (ns != null && ns.listenersKnown()) {
        ns.listeners().stream().filter(l -> l.protocol().equalsIgnoreCase("tcp"))
            .filter(l -> l.accepts("tcp", j.podIP(), l.port())).min(Comparator.comparingInt(Listener::port))
            .ifPresent(l -> {
              port[0] = l.port();
              proto[0] = Proto.TCP;
            });
      }
      // containerPort is informational: only where the sockets were not collected does it stand in for them
      if (port[0] == 0 && (ns == null || !ns.listenersKnown())) {
        pod(j.podKey()).flatMap(p -> p.containers().stream().flatMap(c -> c.ports().stream())
            .filter(cp -> cp.protocol() == null || cp.protocol().isEmpty() || cp.protocol().equals("TCP"))
            .map(Container.ContainerPort::containerPort).filter(x -> x > 0).findFirst()).ifPresent(x -> {
              port[0] = x;
              proto[0] = Proto.TCP;
            });
      }
      out.add(new Member(node, j.netns(), j.podKey(), j.podIP(), proto[0], port[0]));
    }
    out.sort(Comparator.comparing(Member::key));
    return List.copyOf(out);
  }

  /** The pod a node's flows start from: the first that serves nothing (a client), else the first. */
  Optional<Member> client(String node) {
    List<Member> all = on(node);
    return all.stream().filter(m -> m.port() == 0 && !m.key().startsWith("kube-system/")).findFirst()
        .or(() -> all.stream().filter(m -> !m.key().startsWith("kube-system/")).findFirst())
        .or(() -> all.stream().findFirst());
  }

  /** The pod a node's flows go to: the first that serves a TCP port and is not kube-system's. */
  Optional<Member> server(String node) {
    List<Member> all = on(node);
    return all.stream().filter(m -> m.port() > 0 && !m.key().startsWith("kube-system/")).findFirst()
        .or(() -> all.stream().filter(m -> m.port() > 0).findFirst());
  }

  Optional<Member> byKey(String key) {
    return Optional.ofNullable(index().byKey.get(key));
  }

  Optional<Member> byIp(String ip) {
    return Optional.ofNullable(index().byIp.get(ip));
  }

  /** Every member by pod key and by IP, built on first use (narrowing asks for many). */
  private record Index(Map<String, Member> byKey, Map<String, Member> byIp) {}

  private Index index;

  private Index index() {
    if (index == null) {
      Map<String, Member> k = new HashMap<>();
      Map<String, Member> i = new HashMap<>();
      for (String n : nodes.names()) {
        for (Member m : on(n)) {
          k.putIfAbsent(m.key(), m);
          i.putIfAbsent(m.ip(), m);
        }
      }
      index = new Index(k, i);
    }
    return index;
  }

  private Optional<Pod> pod(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? Optional.empty() : cluster.pod(key.substring(0, slash), key.substring(slash + 1));
  }

  /** A node's InternalIP (else its first address), or "". */
  String nodeIp(String node) {
    return cluster.node(node).flatMap(n -> n.internalIP()).orElseGet(() -> nodes.get(node)
        .flatMap(d -> d.addresses().stream().filter(a -> a.scope().equals("global") && a.family() == 4)
            .map(a -> a.address()).findFirst()).orElse(""));
  }
}
