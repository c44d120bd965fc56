package dev.packetwalk.check.routing;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.kubeproxy.KubeProxyChains;
import dev.packetwalk.check.kubeproxy.KubeProxyMode;
import dev.packetwalk.check.kubeproxy.KubeProxyPrograms;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The node (of three or more) that differs from the majority in what should be uniform across a cluster: the sysctls
 * that decide forwarding and conntrack, the number of endpoints kube-proxy programs per Service port, and the shape of
 * the main routing table (which kinds of device carry routes, whether there is a default route). A single node that
 * behaves differently usually differs in one of these.
 */
public final class NodeDrift implements Check {
  static final CheckInfo INFO = new CheckInfo("node-drift", "One node differs from the others", Severity.WARNING,
      Layer.INFRASTRUCTURE,
      "Finds the node whose key sysctls, kube-proxy endpoint counts or route shape differ from the majority of at "
          + "least three nodes.");
  static final List<String> SYSCTLS = List.of("net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables",
      "net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter", "net.netfilter.nf_conntrack_max",
      "net.netfilter.nf_conntrack_tcp_be_liberal");

  /** One node's value of one property, and where it stands. */
  record Value(String value, SourceRef ref) {}

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<NodeDataplane> nodes = ctx.nodes().all();
    if (nodes.size() < 3) {
      ctx.insufficient("finding the odd node out needs evidence from at least three nodes; the bundle has "
          + nodes.size());
      return List.of();
    }
    // property → node → value, all in name order
    TreeMap<String, TreeMap<String, Value>> props = new TreeMap<>();
    for (NodeDataplane n : nodes) {
      for (String key : SYSCTLS) {
        n.sysctls().get(key).ifPresent(s -> put(props, "sysctl " + key, n, new Value(s.value().strip(), s.ref())));
      }
      if (!n.routes().isEmpty()) put(props, "route shape", n, new Value(shape(n), n.routes().get(0).ref()));
      KubeProxyMode.active(n, ctx.cluster()).ifPresent(mode -> {
        for (Service s : ctx.cluster().services()) {
          for (ServicePort p : s.ports()) {
            KubeProxyPrograms.find(n, mode, s, p).filter(KubeProxyPrograms.Programmed::targetsKnown).ifPresent(pr ->
                put(props, "kube-proxy endpoints of " + KubeProxyChains.portName(s, p), n,
                    new Value(String.valueOf(pr.targets().size()), pr.ref())));
          }
        }
      });
    }
    TreeMap<String, List<String>> diffs = new TreeMap<>();
    TreeMap<String, List<Evidence>> evidence = new TreeMap<>();
    props.forEach((prop, byNode) -> {
      if (byNode.size() < 3) return;
      TreeMap<String, Integer> counts = new TreeMap<>();
      byNode.values().forEach(v -> counts.merge(v.value(), 1, Integer::sum));
      String majority = counts.entrySet().stream().filter(e -> e.getValue() * 2 > byNode.size()).map(Map.Entry::getKey)
          .findFirst().orElse(null);
      if (majority == null || counts.get(majority) == byNode.size()) return;
      TreeSet<String> agree = new TreeSet<>();
      byNode.forEach((node, v) -> {
        if (v.value().equals(majority)) agree.add(node);
      });
      byNode.forEach((node, v) -> {
        if (v.value().equals(majority)) return;
        diffs.computeIfAbsent(node, k -> new ArrayList<>()).add(prop + " is " + v.value() + " where "
            + String.join(", ", agree) + " have " + majority);
        evidence.computeIfAbsent(node, k -> new ArrayList<>()).add(ctx.evidence(v.ref(), prop + " = " + v.value()));
        evidence.get(node).add(ctx.evidence(byNode.get(agree.first()).ref(), agree.first() + ": " + prop + " = "
            + majority));
      });
    });
    List<Finding> out = new ArrayList<>();
    diffs.forEach((node, list) -> out.add(ctx.finding(Subject.node(node), node + " differs from the other nodes")
        .evidence(evidence.get(node))
        .explain("Of " + nodes.size() + " nodes, " + node + " is the odd one out: " + String.join("; ", list)
            + ". Traffic that fails only through " + node + " (pods there, or a load balancer sending to it) is "
            + "likely explained by this difference.")
        .remedy("Bring " + node + " in line with the others (its sysctl.d files, kube-proxy pod and sync state, CNI "
            + "agent); if it was provisioned differently, re-provision it from the same image as the rest.")
        .build()));
    return out;
  }

  private static void put(TreeMap<String, TreeMap<String, Value>> props, String prop, NodeDataplane n, Value v) {
    props.computeIfAbsent(prop, k -> new TreeMap<>()).put(n.name(), v);
  }

  /** The kinds of device main-table IPv4 routes use (pod /32s and veths aside), and whether a default exists. */
  static String shape(NodeDataplane n) {
    TreeSet<String> kinds = new TreeSet<>();
    boolean dflt = false;
    for (Route r : n.mainRoutes()) {
      if (r.family() != 4) continue;
      if (Routing.prefixLength(r.prefix()) == 0) dflt = true;
      if (Routing.prefixLength(r.prefix()) == 32) continue;
      for (Route.Nexthop h : r.legs()) {
        String dev = h.dev().replaceAll("[0-9a-f]{4,}$", "*").replaceAll("\\d+$", "N");
        if (!dev.startsWith("veth") && !dev.startsWith("cali") && !dev.startsWith("lxc")) {
          kinds.add((r.rejects() ? r.type() : dev) + (h.via().isEmpty() ? "" : " via"));
        }
      }
    }
    return (dflt ? "default route; " : "no default route; ") + "devices " + String.join(", ", kinds);
  }
}
