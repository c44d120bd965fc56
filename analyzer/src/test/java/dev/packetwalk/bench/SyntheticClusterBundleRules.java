package dev.packetwalk.bench;

import dev.packetwalk.bench.SyntheticClusterBundlePlan.NodePlan;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.PodPlan;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.ServicePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node's {@code iptables-save -c} (legacy backend) as kube-proxy v1.30 leaves it in iptables mode: the filter and
 * nat rules of {@code pkg/proxy/iptables/proxier.go} for every Service port, the canary chains of kubelet and
 * kube-proxy in mangle, user chains sorted by name as iptables-save prints them, and each rule in iptables-save's own
 * argument order ({@code -s/-d/-p} first, then the matches). Chain names come from
 * {@link KubeProxyIptablesGenerator#h16} (base32 of SHA-256, as {@code portProtoHash} does).
 *
 * <p>With more than 1,000 endpoints in all, kube-proxy is in "large cluster mode" and drops the comments of the
 * {@code KUBE-SVC → KUBE-SEP} and {@code KUBE-SEP} rules ({@code appendServiceCommentLocked}); this follows it.
 */
final class SyntheticClusterBundleRules {
  private static final int LARGE_CLUSTER_ENDPOINTS = 1000;

  /** A Service port as kube-proxy sees it: name, protocol, cluster IP and port, endpoints as ip:port. */
  record PortRule(String portName, String proto, String clusterIp, int port, int nodePort, List<String> endpoints) {}

  private final List<PortRule> ports;
  private final boolean largeCluster;

  SyntheticClusterBundleRules(SyntheticClusterBundlePlan plan) {
    List<PortRule> p = new ArrayList<>();
    p.add(new PortRule("default/kubernetes:https", "tcp", "10.96.0.1", 443, 0, List.of("10.0.0.10:6443")));
    List<String> dnsIps = plan.dns.stream().map(PodPlan::ip).toList();
    p.add(new PortRule("kube-system/kube-dns:dns", "udp", SyntheticClusterBundlePlan.DNS_IP, 53, 0, eps(dnsIps, 53)));
    p.add(new PortRule("kube-system/kube-dns:dns-tcp", "tcp", SyntheticClusterBundlePlan.DNS_IP, 53, 0,
        eps(dnsIps, 53)));
    p.add(new PortRule("kube-system/kube-dns:metrics", "tcp", SyntheticClusterBundlePlan.DNS_IP, 9153, 0,
        eps(dnsIps, 9153)));
    for (ServicePlan s : plan.services) {
      p.add(new PortRule(s.portName(), "tcp", s.clusterIp(), SyntheticClusterBundlePlan.SERVICE_PORT, s.nodePort(),
          eps(s.endpoints().stream().map(PodPlan::ip).toList(), SyntheticClusterBundlePlan.TARGET_PORT)));
    }
    this.ports = List.copyOf(p);
    this.largeCluster = p.stream().mapToInt(x -> x.endpoints().size()).sum() > LARGE_CLUSTER_ENDPOINTS;
  }

  private static List<String> eps(List<String> ips, int port) {
    return ips.stream().map(ip -> ip + ":" + port).sorted().toList();
  }

  /** The text of {@code iptables-save -c} on {@code node}; {@code stamp} is iptables-save's date line. */
  String save(NodePlan node, String stamp) {
    Map<String, List<String>> nat = new TreeMap<>();
    List<String> natBuiltin = new ArrayList<>();
    for (String c : List.of("KUBE-MARK-MASQ", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-PROXY-CANARY",
        "KUBE-KUBELET-CANARY", "KUBE-SERVICES")) {
      nat.put(c, new ArrayList<>());
    }
    natBuiltin.add("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
    natBuiltin.add("-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
    natBuiltin.add("-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING");
    nat.get("KUBE-MARK-MASQ").add("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000");
    nat.get("KUBE-POSTROUTING").add("-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN");
    nat.get("KUBE-POSTROUTING").add("-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0");
    nat.get("KUBE-POSTROUTING").add("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring "
        + "SNAT\" -j MASQUERADE --random-fully");
    for (PortRule p : ports) {
      String hash = KubeProxyIptablesGenerator.h16(p.portName() + p.proto());
      String svc = "KUBE-SVC-" + hash;
      String name = KubeProxyIptablesGenerator.q(p.portName() + " cluster IP");
      String match = "-d " + p.clusterIp() + "/32 -p " + p.proto() + " -m comment --comment " + name + " -m "
          + p.proto() + " --dport " + p.port();
      nat.get("KUBE-SERVICES").add("-A KUBE-SERVICES " + match + " -j " + svc);
      List<String> svcRules = nat.computeIfAbsent(svc, k -> new ArrayList<>());
      svcRules.add("-A " + svc + " ! -s " + SyntheticClusterBundlePlan.CLUSTER_CIDR + " " + match
          + " -j KUBE-MARK-MASQ");
      if (p.nodePort() != 0) {
        String ext = "KUBE-EXT-" + hash;
        nat.get("KUBE-NODEPORTS").add("-A KUBE-NODEPORTS -p " + p.proto() + " -m comment --comment "
            + KubeProxyIptablesGenerator.q(p.portName()) + " -m " + p.proto() + " --dport " + p.nodePort() + " -j "
            + ext);
        nat.put(ext, List.of("-A " + ext + " -m comment --comment " + KubeProxyIptablesGenerator.q("masquerade traffic "
            + "for " + p.portName() + " external destinations") + " -j KUBE-MARK-MASQ", "-A " + ext + " -j " + svc));
      }
      int n = p.endpoints().size();
      for (int i = 0; i < n; i++) {
        String ep = p.endpoints().get(i);
        String ip = ep.substring(0, ep.indexOf(':'));
        String sep = "KUBE-SEP-" + KubeProxyIptablesGenerator.h16(p.portName() + p.proto() + ep);
        String toEp = comment(p.portName() + " -> " + ep);
        String pick = i < n - 1 ? " -m statistic --mode random --probability " + KubeProxyIptablesGenerator.probStr(n
            - i) : "";
        svcRules.add("-A " + svc + toEp + pick + " -j " + sep);
        String svcComment = comment(p.portName());
        nat.put(sep, List.of("-A " + sep + " -s " + ip + "/32" + svcComment + " -j KUBE-MARK-MASQ",
            "-A " + sep + " -p " + p.proto() + svcComment + " -m " + p.proto() + " -j DNAT --to-destination " + ep));
      }
    }
    nat.get("KUBE-SERVICES").add("-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this "
        + "must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");

    StringBuilder out = new StringBuilder(1 << 20);
    table(out, stamp, "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
        new TreeMap<>(Map.of("KUBE-IPTABLES-HINT", List.of(), "KUBE-KUBELET-CANARY", List.of(), "KUBE-PROXY-CANARY",
            List.of())), List.of(), node);
    table(out, stamp, "filter", List.of("INPUT", "FORWARD", "OUTPUT"), filterChains(), filterBuiltin(), node);
    table(out, stamp, "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"), nat, natBuiltin, node);
    return out.toString();
  }

  /** {@code -m comment --comment X}, or nothing in large cluster mode. */
  private String comment(String text) {
    return largeCluster ? "" : " -m comment --comment " + KubeProxyIptablesGenerator.q(text);
  }

  private static TreeMap<String, List<String>> filterChains() {
    TreeMap<String, List<String>> f = new TreeMap<>();
    for (String c : List.of("KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL", "KUBE-FORWARD", "KUBE-KUBELET-CANARY",
        "KUBE-NODEPORTS", "KUBE-PROXY-CANARY", "KUBE-PROXY-FIREWALL", "KUBE-SERVICES")) {
      f.put(c, List.of());
    }
    f.put("KUBE-FIREWALL", List.of("-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block "
        + "incoming localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP"));
    f.put("KUBE-FORWARD", List.of("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
        "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT",
        "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate "
            + "RELATED,ESTABLISHED -j ACCEPT"));
    return f;
  }

  private static List<String> filterBuiltin() {
    String lbFw = "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" "
        + "-j KUBE-PROXY-FIREWALL";
    String ext = "-m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" "
        + "-j KUBE-EXTERNAL-SERVICES";
    String portals = "-m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES";
    return List.of("-A INPUT " + lbFw,
        "-A INPUT -m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS",
        "-A INPUT " + ext, "-A INPUT -j KUBE-FIREWALL",
        "-A FORWARD " + lbFw, "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
        "-A FORWARD " + portals, "-A FORWARD " + ext,
        "-A OUTPUT " + lbFw, "-A OUTPUT " + portals, "-A OUTPUT -j KUBE-FIREWALL");
  }

  /** One table as iptables-save -c prints it: built-in chains with policy and counters, user chains, then rules. */
  private static void table(StringBuilder out, String stamp, String table, List<String> builtins,
      Map<String, List<String>> users, List<String> builtinRules, NodePlan node) {
    out.append("# Generated by iptables-save v1.8.9 on ").append(stamp).append('\n');
    out.append('*').append(table).append('\n');
    for (String c : builtins) {
      out.append(':').append(c).append(" ACCEPT ").append(counter(node, table + "/" + c)).append('\n');
    }
    for (String c : users.keySet()) out.append(':').append(c).append(" - [0:0]\n");
    for (String r : builtinRules) out.append(counter(node, r)).append(' ').append(r).append('\n');
    for (List<String> rules : users.values()) {
      for (String r : rules) out.append("[0:0] ").append(r).append('\n');
    }
    out.append("COMMIT\n# Completed on ").append(stamp).append('\n');
  }

  /** Plausible packet/byte counters for the hooks a busy node has seen (fixed per node and rule). */
  private static String counter(NodePlan node, String key) {
    int h = (node.name() + key).hashCode() & 0x7fffffff;
    int packets = 1000 + h % 900_000;
    return "[" + packets + ":" + (long) packets * (60 + h % 1400) + "]";
  }
}
