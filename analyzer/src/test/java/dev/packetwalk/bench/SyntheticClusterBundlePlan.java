package dev.packetwalk.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The synthetic cluster as data, before any file is written: nodes, pods and Services, with every name, address,
 * MAC, uid and interface index fixed by (nodes, services, endpoints per Service, seed). Everything "random" is a hash
 * of the seed and a key, so the same arguments give the same bundle byte for byte.
 *
 * <p>Shape: node {@code i} (1-based) is {@code node-NN} at {@code 10.0.0.(10+i)} with podCIDR {@code 10.244.i.0/24}
 * and {@code cni0} at {@code .1}. Every node runs kube-proxy (hostNetwork) and one client pod; nodes 1 and 2 run
 * CoreDNS. Service {@code s} is {@code team-(s%20)/svc-NNNN} (ClusterIP {@code 10.96.(1+s/250).(2+s%250)}, port 80 →
 * named targetPort {@code http} = 8080; every tenth one a NodePort {@code 30000+s}) backed by its own Deployment of
 * {@code endpoints} ready pods, replica {@code r} on node {@code (s·endpoints + r) mod nodes}, so every Service's
 * endpoints sit on distinct nodes and every node holds about {@code services·endpoints/nodes} of them.
 */
final class SyntheticClusterBundlePlan {
  static final String CLUSTER_CIDR = "10.244.0.0/16";
  static final String DNS_IP = "10.96.0.10";
  static final int TARGET_PORT = 8080;
  static final int SERVICE_PORT = 80;
  static final int NAMESPACES = 20;

  enum Role { PROXY, DNS, CLIENT, ENDPOINT }

  record NodePlan(int index, String name, String ip, String cidr, String gateway, String mac) {}

  /**
   * @param hostIfindex the host veth's ifindex (0 for a hostNetwork pod); the pod's eth0 is always ifindex 2
   * @param app the {@code app} (or {@code k8s-app}) label value its Service selects
   */
  record PodPlan(String namespace, String name, String uid, String app, String templateHash, Role role, NodePlan node,
      String ip, int hostIfindex, String veth, String hostMac, String podMac, String sandbox, String netns) {
    boolean hostNetwork() {
      return role == Role.PROXY;
    }
  }

  /** @param nodePort 0 when the Service is ClusterIP only */
  record ServicePlan(String namespace, String name, String uid, String clusterIp, int nodePort,
      List<PodPlan> endpoints) {
    String portName() {
      return namespace + "/" + name + ":http";
    }
  }

  final long seed;
  final List<NodePlan> nodes = new ArrayList<>();
  final List<PodPlan> pods = new ArrayList<>();
  final List<ServicePlan> services = new ArrayList<>();
  final List<PodPlan> dns = new ArrayList<>();

  SyntheticClusterBundlePlan(int nodeCount, int serviceCount, int endpointsPerService, long seed) {
    if (nodeCount < 2 || nodeCount > 240) throw new IllegalArgumentException("nodes must be 2..240");
    if (endpointsPerService < 1 || endpointsPerService > nodeCount) {
      throw new IllegalArgumentException("endpoints per Service must be 1..nodes");
    }
    if ((long) serviceCount * endpointsPerService / nodeCount + 4 > 250) {
      throw new IllegalArgumentException("more than 250 pods per node do not fit a /24 podCIDR");
    }
    this.seed = seed;
    int width = String.valueOf(nodeCount).length() < 2 ? 2 : String.valueOf(nodeCount).length();
    int[] nextHost = new int[nodeCount + 1];
    int[] nextIfindex = new int[nodeCount + 1];
    for (int i = 1; i <= nodeCount; i++) {
      String name = String.format("node-%0" + width + "d", i);
      nodes.add(new NodePlan(i, name, "10.0.0." + (10 + i), "10.244." + i + ".0/24", "10.244." + i + ".1",
          mac("eth0/" + name)));
      nextHost[i] = 2;
      nextIfindex[i] = 4; // 1 lo, 2 eth0, 3 cni0
    }
    for (NodePlan n : nodes) {
      pods.add(pod("kube-system", "kube-proxy-" + suffix("kube-proxy/" + n.name()), "kube-proxy", "", Role.PROXY, n,
          n.ip(), 0));
    }
    String dnsHash = hash("coredns").substring(0, 10);
    for (int i = 0; i < 2; i++) {
      NodePlan n = nodes.get(i);
      PodPlan p = pod("kube-system", "coredns-" + dnsHash + "-" + suffix("coredns/" + i), "kube-dns", dnsHash,
          Role.DNS, n, host(n, nextHost), nextIfindex[n.index()]++);
      pods.add(p);
      dns.add(p);
    }
    String clientHash = hash("client").substring(0, 9);
    for (NodePlan n : nodes) {
      pods.add(pod("team-00", "client-" + clientHash + "-" + suffix("client/" + n.name()), "client", clientHash,
          Role.CLIENT, n, host(n, nextHost), nextIfindex[n.index()]++));
    }
    for (int s = 0; s < serviceCount; s++) {
      String ns = String.format("team-%02d", s % NAMESPACES);
      String name = String.format("svc-%04d", s);
      String tmpl = hash("rs/" + ns + "/" + name).substring(0, 10);
      List<PodPlan> eps = new ArrayList<>();
      for (int r = 0; r < endpointsPerService; r++) {
        NodePlan n = nodes.get((s * endpointsPerService + r) % nodeCount);
        PodPlan p = pod(ns, name + "-" + tmpl + "-" + suffix(ns + "/" + name + "/" + r), name, tmpl, Role.ENDPOINT, n,
            host(n, nextHost), nextIfindex[n.index()]++);
        pods.add(p);
        eps.add(p);
      }
      String ip = "10.96." + (1 + s / 250) + "." + (2 + s % 250);
      int nodePort = s % 10 == 0 && s < 2768 ? 30000 + s : 0;
      services.add(new ServicePlan(ns, name, uuid("svc/" + ns + "/" + name), ip, nodePort, eps));
    }
  }

  List<PodPlan> podsOn(NodePlan n) {
    return pods.stream().filter(p -> p.node() == n && !p.hostNetwork()).toList();
  }

  private PodPlan pod(String ns, String name, String app, String tmpl, Role role, NodePlan n, String ip, int ifindex) {
    String key = ns + "/" + name;
    String veth = ifindex == 0 ? "" : "veth" + hash("veth/" + key).substring(0, 8);
    return new PodPlan(ns, name, uuid("pod/" + key), app, tmpl, role, n, ip, ifindex, veth, mac("host/" + key),
        mac("pod/" + key), hash("sandbox/" + key), "cni-" + uuid("netns/" + key));
  }

  private static String host(NodePlan n, int[] next) {
    return "10.244." + n.index() + "." + next[n.index()]++;
  }

  /** Hex SHA-256 of the seed and a key: the generator's only source of variety. */
  String hash(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((seed + "/" + key).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String uuid(String key) {
    return UUID.nameUUIDFromBytes((seed + "/" + key).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** A locally administered unicast MAC, as the kernel gives veths. */
  String mac(String key) {
    String h = hash("mac/" + key);
    int first = (Integer.parseInt(h.substring(0, 2), 16) & 0xfc) | 0x02;
    return String.format("%02x:%s:%s:%s:%s:%s", first, h.substring(2, 4), h.substring(4, 6), h.substring(6, 8),
        h.substring(8, 10), h.substring(10, 12));
  }

  /** The 5-character pod name suffix of the ReplicaSet/DaemonSet controllers (consonants and digits). */
  String suffix(String key) {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    String h = hash("suffix/" + key);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) b.append(alphabet.charAt(Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16)
        % alphabet.length()));
    return b.toString();
  }
}
