package dev.packetwalk.trace.walk;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.node.NodeAddress;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeDataplanes;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cluster as a walk sees it: which node owns an address, which pod has an IP, which podCIDR belongs to which
 * node. Built once per analysis from the cluster model and the node dataplanes.
 */
final class Topology {
  final Cluster cluster;
  private final Map<String, NodeContext> nodes = new LinkedHashMap<>();
  private final Map<String, String> nodeByAddress = new HashMap<>();
  private final Map<String, Pod> podByIp = new HashMap<>();
  private final Map<String, Service> serviceByClusterIp = new HashMap<>();
  private final List<IPAddress> podCidrs = new ArrayList<>();
  private final List<String> podCidrNodes = new ArrayList<>();
  private final boolean routesPerNode;

  Topology(Cluster cluster, NodeDataplanes dataplanes, Function<NodeDataplane, NodeContext> context) {
    this.cluster = cluster;
    for (NodeDataplane dp : dataplanes.all()) nodes.put(dp.name(), context.apply(dp));
    for (Node n : cluster.nodes()) {
      for (Node.Address a : n.addresses()) {
        if (a.type().equals("InternalIP") || a.type().equals("ExternalIP")) {
          nodeByAddress.putIfAbsent(a.address(), n.meta().name());
        }
      }
      for (String c : n.allPodCIDRs()) {
        IPAddress b = new IPAddressString(c).getAddress();
        if (b != null) {
          podCidrs.add(b.toPrefixBlock());
          podCidrNodes.add(n.meta().name());
        }
      }
    }
    for (NodeContext nc : nodes.values()) {
      for (NodeAddress a : nc.dp.addresses()) {
        if (a.scope().equals("global") && !a.iface().startsWith("kube-ipvs") && !a.iface().equals("lo")) {
          nodeByAddress.putIfAbsent(a.address(), nc.name());
        }
      }
    }
    for (Service svc : cluster.services()) {
      for (String ip : svc.clusterIPs().isEmpty() ? List.of(svc.clusterIP()) : svc.clusterIPs()) {
        if (!ip.isEmpty() && !ip.equals("None")) serviceByClusterIp.putIfAbsent(ip, svc);
      }
    }
    routesPerNode = nodes.values().stream().anyMatch(this::routesToAnotherPodCidr);
    for (Pod p : cluster.pods()) {
      if (p.hostNetwork() || p.terminal()) continue;
      for (String ip : p.podIPs().isEmpty() ? List.of(p.podIP()) : p.podIPs()) {
        if (!ip.isEmpty()) podByIp.putIfAbsent(ip, p);
      }
    }
  }

  Optional<NodeContext> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  List<NodeContext> nodes() {
    return List.copyOf(nodes.values());
  }

  /** The node that owns {@code ip} as one of its own (underlay) addresses. */
  Optional<String> nodeOwning(String ip) {
    return Optional.ofNullable(nodeByAddress.get(ip));
  }

  Optional<Pod> pod(String ip) {
    return Optional.ofNullable(podByIp.get(ip));
  }

  /** The node whose podCIDR holds {@code ip}, by the Node objects. */
  Optional<String> podCidrNode(String ip) {
    IPAddress a = new IPAddressString(ip).getAddress();
    if (a == null) return Optional.empty();
    for (int i = 0; i < podCidrs.size(); i++) {
      if (podCidrs.get(i).contains(a)) return Optional.of(podCidrNodes.get(i));
    }
    return Optional.empty();
  }

  /**
   * Whether the CNI routes podCIDRs per node (host-gw, flannel, Calico): some node holds a route to another node's
   * podCIDR. Then a node without one is missing a route; otherwise the underlay (a cloud route table) carries them.
   */
  boolean routesPerNode() {
    return routesPerNode;
  }

  private boolean routesToAnotherPodCidr(NodeContext n) {
    return n.dp.mainRoutes().stream().anyMatch(r -> {
      String first = r.prefix().contains("/") ? r.prefix().substring(0, r.prefix().indexOf('/')) : r.prefix();
      return !r.prefix().startsWith("0.0.0.0") && !r.prefix().equals("default")
          && podCidrNode(first).filter(owner -> !owner.equals(n.name())).isPresent();
    });
  }

  /** Whether {@code ip} is an address the cluster knows: a pod, a node, a Service's ClusterIP, or in a podCIDR. */
  boolean inCluster(String ip) {
    return podByIp.containsKey(ip) || nodeByAddress.containsKey(ip) || serviceByClusterIp.containsKey(ip)
        || podCidrNode(ip).isPresent();
  }

  /** The Service whose ClusterIP {@code ip} is. */
  Optional<Service> serviceAt(String ip) {
    return Optional.ofNullable(serviceByClusterIp.get(ip));
  }
}
