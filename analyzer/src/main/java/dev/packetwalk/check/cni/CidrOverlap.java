package dev.packetwalk.check.cni;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.ConfigMap;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.parse.Json;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Address ranges that must not overlap but do: node pod CIDRs with each other, pod ranges with the Service range,
 * and node addresses inside either. A packet to an address in two ranges goes to whichever the node routes first.
 */
public final class CidrOverlap implements Check {
  static final CheckInfo INFO = new CheckInfo("cidr-overlap", "Pod, Service and node address ranges overlap",
      Severity.ERROR, Layer.CNI,
      "Finds node pod CIDRs, the CNI pod network and the Service range overlapping each other or node addresses.");


  enum Kind { NODE_POD_CIDR, POD_NETWORK, SERVICE_RANGE, NODE_ADDRESS }

  /** One range with what it is, where it is written, and who owns it. */
  record Range(Kind kind, IPAddress block, String text, String label, SourceRef ref, String owner, Subject subject) {}

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.NODES)) return List.of();
    Cluster cluster = ctx.cluster();
    List<Range> ranges = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      String name = n.meta().name();
      for (String c : n.allPodCIDRs()) {
        Cidrs.block(c).ifPresent(b -> ranges.add(new Range(Kind.NODE_POD_CIDR, b, c, "podCIDR " + c + " of node "
            + name, n.podCIDRRef(), name, Subject.node(name))));
      }
      for (Node.Address a : n.addresses()) {
        if (!a.type().equals("InternalIP") && !a.type().equals("ExternalIP")) continue;
        Cidrs.block(a.address()).ifPresent(b -> ranges.add(new Range(Kind.NODE_ADDRESS, b, a.address(), a.type()
            + " " + a.address() + " of node " + name, a.ref(), name, Subject.node(name))));
      }
    }
    flannelNetwork(cluster, ranges);
    serviceRange(cluster, ranges);
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      for (int j = i + 1; j < ranges.size(); j++) {
        Range a = ranges.get(i);
        Range b = ranges.get(j);
        if (!relevant(a, b) || !Cidrs.overlap(a.block(), b.block())) continue;
        Range subject = a.kind() == Kind.NODE_ADDRESS ? b : a;
        out.add(ctx.finding(subject.subject(), a.label() + " overlaps " + b.label())
            .explain(capitalized(a.label()) + " and " + b.label() + " overlap. " + consequence(a, b))
            .remedy(remedy(a, b))
            .evidence(ctx.evidence(a.ref(), a.label())).evidence(ctx.evidence(b.ref(), b.label())).build());
      }
    }
    return out;
  }

  private static boolean relevant(Range a, Range b) {
    if (a.kind() == Kind.NODE_ADDRESS && b.kind() == Kind.NODE_ADDRESS) return false;
    if (a.kind() == Kind.NODE_POD_CIDR && b.kind() == Kind.NODE_POD_CIDR) return !a.owner().equals(b.owner());
    if (a.kind() == Kind.NODE_POD_CIDR && b.kind() == Kind.POD_NETWORK) return false; // expected: within it
    if (a.kind() == Kind.POD_NETWORK && b.kind() == Kind.NODE_POD_CIDR) return false;
    // two descriptions of the one pod network (e.g. the flannel ConfigMap in two namespaces) are not a conflict
    if (a.kind() == Kind.POD_NETWORK && b.kind() == Kind.POD_NETWORK) return false;
    return true;
  }

  private static String consequence(Range a, Range b) {
    if (a.kind() == Kind.NODE_POD_CIDR && b.kind() == Kind.NODE_POD_CIDR) {
      return "Two nodes hand out pod addresses from the same range: pods on different nodes can get the same IP and"
          + " routes to one node's pods capture the other's.";
    }
    if (a.kind() == Kind.NODE_ADDRESS || b.kind() == Kind.NODE_ADDRESS) {
      return "A node address inside a pod or Service range is routed into the overlay (or DNATed by kube-proxy),"
          + " so traffic to that node, including to its kubelet and API server, goes astray.";
    }
    return "Service ClusterIPs inside the pod range make kube-proxy DNAT traffic meant for pods, or pods"
        + " unreachable at their own addresses.";
  }

  private static String remedy(Range a, Range b) {
    String inferred = a.label().contains("inferred") || b.label().contains("inferred")
        ? " The Service range was inferred from ClusterIPs; confirm it with kube-apiserver"
            + " --service-cluster-ip-range first." : "";
    return "Pick non-overlapping ranges for nodes, pods (kube-controller-manager --cluster-cidr, the CNI's pool) and"
        + " Services (--service-cluster-ip-range); changing them means re-creating the affected nodes or pods."
        + inferred;
  }

  /** Flannel's net-conf.json Network (and IPv6Network), when the ConfigMap was collected. */
  private static void flannelNetwork(Cluster cluster, List<Range> ranges) {
    for (ConfigMap cm : cluster.configMaps()) {
      String conf = cm.data().get("net-conf.json");
      if (conf == null) continue;
      try {
        JsonNode n = Json.mapper().readTree(conf);
        int line = cm.dataLines().getOrDefault("net-conf.json", cm.meta().ref().line());
        SourceRef ref = new SourceRef(cm.meta().ref().file(), line, cm.meta().ref().pointer() + "/data/net-conf.json");
        for (String field : List.of("Network", "IPv6Network")) {
          String cidr = n.path(field).asText("");
          Cidrs.block(cidr).ifPresent(b -> ranges.add(new Range(Kind.POD_NETWORK, b, cidr, "flannel pod network "
              + cidr + " (" + cm.meta().key() + ")", ref, cm.meta().key(),
              Subject.of("ConfigMap", cm.meta().namespace(), cm.meta().name()))));
        }
      } catch (Exception e) {
        // an unreadable net-conf.json is not this check's finding
      }
    }
  }

  /** --service-cluster-ip-range of kube-apiserver, else the range the ClusterIPs imply (stated as inferred). */
  private static void serviceRange(Cluster cluster, List<Range> ranges) {
    for (Pod p : cluster.podsIn("kube-system")) {
      for (Container c : p.containers()) {
        Optional<Container.Arg> flag = c.flag("--service-cluster-ip-range");
        if (flag.isEmpty()) continue;
        for (String cidr : flag.get().text().split(",")) {
          Cidrs.block(cidr).ifPresent(b -> ranges.add(new Range(Kind.SERVICE_RANGE, b, cidr, "Service range "
              + cidr.trim() + " (kube-apiserver flag)", flag.get().ref(), p.meta().key(),
              Subject.of("Pod", "kube-system", p.meta().name()))));
        }
        return;
      }
    }
    List<Service> withIp = cluster.services().stream().filter(s -> !s.clusterIP().isEmpty() && !s.headless())
        .toList();
    List<IPAddress> ips = withIp.stream().map(s -> Cidrs.block(s.clusterIP())).flatMap(Optional::stream).toList();
    Optional<IPAddress> cover = Cidrs.cover(ips);
    if (cover.isEmpty()) return;
    Integer len = cover.get().getNetworkPrefixLength();
    int prefix = len == null ? cover.get().getBitCount() : len;
    if (prefix < 12) return; // ClusterIPs too far apart to name one range
    IPAddress range = cover.get().toPrefixBlock(Math.min(prefix, 24));
    Service first = cluster.service("default", "kubernetes").orElse(withIp.get(0));
    ranges.add(new Range(Kind.SERVICE_RANGE, range, range.toString(), "Service range " + range
        + " (inferred from " + ips.size() + " ClusterIPs)", first.meta().ref(), "services",
        Subject.of("Service", first.meta().namespace(), first.meta().name())));
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
