package dev.packetwalk.trace.netfilter;

import static dev.packetwalk.trace.netfilter.IptablesTestSupport.REALWORLD;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.filter;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.resource;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Step;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kube-proxy's own packet-flow expectations, reproduced with its TestOverallIPTablesRules dump.
 *
 * <p>Provenance (see PROVENANCE.md beside this test's resources): kubernetes/kubernetes
 * {@code pkg/proxy/iptables/proxier_test.go}, the version in the public code index that also holds the dump in
 * {@code realworld/kube-proxy-test-TestOverallIPTablesRules.iptables-save.txt} (k8s ~v1.30: klogtesting, ptr.To,
 * nfacct; commit unknown). In that version TestOverallIPTablesRules itself asserts only the rule text; the packet flows
 * for the same six services (ns1..ns6, same IPs and chain hashes) are listed in {@code TestTracePacket}, which runs
 * {@code runPacketFlowTests(t, getLine(), ipt, testNodeIPs, ...)} over an equivalent restore input. Its flows are
 * {@link #UPSTREAM}, verbatim in name, source, destination, port, output and masq. Constants from the same file:
 * testNodeIP 192.168.0.2, testNodeIPs {192.168.0.2, 192.168.1.2, 192.168.99.11, 2001:db8::1, 2001:db8:1::2},
 * testExternalClient 203.0.113.2, testExternalClientBlocked 203.0.113.130.
 *
 * <p>The restore input has no built-in chains: kube-proxy links them with separate {@code iptables -A} calls
 * ({@code iptablesJumpChains} and {@code iptablesKubeletJumpChains} in {@code pkg/proxy/iptables/proxier.go} of the
 * same index version). {@link #JUMPS} adds those links, in the order real nodes show them, so that the walk starts
 * where the kernel does instead of where the upstream test tracer jumps in.
 *
 * <p>Upstream's tracer and this engine differ on purpose in two ways, neither changing an expectation: the
 * {@code statistic} rule gives two branches (p=0.5 each) where upstream lists both endpoints, and a {@code recent
 * --rcheck} rule forks with an unknown chance where upstream treats it as not matching.
 */
class KubeProxyPacketFlowTest {

  static final String NODE_IP = "192.168.0.2";
  static final String EXTERNAL_CLIENT = "203.0.113.2";
  static final String EXTERNAL_CLIENT_BLOCKED = "203.0.113.130";

  static final HostView HOST = new HostView(
      Set.of("192.168.0.2", "192.168.1.2", "192.168.99.11", "2001:db8::1", "2001:db8:1::2"),
      Map.of("eth0", List.of("192.168.0.2", "192.168.99.11", "2001:db8::1"),
          "eth1", List.of("192.168.1.2", "2001:db8:1::2")), List.of(), true);

  /** The built-in chains' links to kube-proxy's chains, per table (see the class comment). */
  static final Map<String, List<String>> JUMPS = Map.of(
      "filter", List.of(
          "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
          "-A INPUT -m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS",
          "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES",
          "-A INPUT -j KUBE-FIREWALL",
          "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
          "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
          "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
          "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES",
          "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
          "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
          "-A OUTPUT -j KUBE-FIREWALL"),
      "nat", List.of(
          "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
          "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
          "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING"));

  /** A kube-proxy restore input with the built-in chains declared and linked. */
  static String withJumps(String restore) {
    StringBuilder out = new StringBuilder();
    String table = null;
    for (String line : restore.split("\n", -1)) {
      if (line.equals("COMMIT") && JUMPS.containsKey(table)) {
        JUMPS.get(table).forEach(j -> out.append(j).append('\n'));
      }
      out.append(line).append('\n');
      if (line.startsWith("*")) {
        table = line.substring(1);
        String builtins = table.equals("nat") ? ":PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + ":POSTROUTING ACCEPT [0:0]\n" : ":INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
        out.append(builtins);
      }
    }
    return out.toString();
  }

  /** upstream's packetFlowTest: output is "" (untouched), endpoints joined by ", ", or ACCEPT/DROP/REJECT. */
  record Flow(String name, String sourceIP, String destIP, int destPort, String output, boolean masq) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** TestTracePacket's flows, verbatim. */
  static final List<Flow> UPSTREAM = List.of(
      new Flow("no match", "10.0.0.2", "10.0.0.3", 80, "", false),
      new Flow("single endpoint", "10.0.0.2", "172.30.0.41", 80, "10.180.0.1:80", false),
      new Flow("multiple endpoints", "10.0.0.2", "172.30.0.44", 80, "10.180.0.4:80, 10.180.0.5:80", false),
      new Flow("LOCAL, KUBE-MARK-MASQ", NODE_IP, "192.168.99.22", 80, "10.180.0.2:80", true),
      new Flow("DROP", EXTERNAL_CLIENT, "192.168.99.22", 80, "DROP", false),
      new Flow("ACCEPT (NodePortHealthCheck)", NODE_IP, NODE_IP, 30000, "ACCEPT", false),
      new Flow("REJECT", "10.0.0.2", "172.30.0.46", 80, "REJECT", false));

  /** Flows we derived by reading the same dump (not upstream's): the LB source range, NodePorts, hairpin. */
  static final List<Flow> DERIVED = List.of(
      new Flow("external to LB within source range", EXTERNAL_CLIENT, "5.6.7.8", 80, "10.180.0.3:80", true),
      new Flow("external outside LB source range", EXTERNAL_CLIENT_BLOCKED, "5.6.7.8", 80, "DROP", false),
      new Flow("pod to LB outside source range", "10.0.0.2", "5.6.7.8", 80, "DROP", false),
      new Flow("external to NodePort (Cluster policy)", EXTERNAL_CLIENT, NODE_IP, 3003, "10.180.0.3:80", true),
      new Flow("external to NodePort (Local policy, no local endpoint)", EXTERNAL_CLIENT, NODE_IP, 3001, "DROP",
          false),
      // an endpoint reaching itself through its Service is masqueraded (KUBE-SEP's -s rule); with two endpoints
      // only the branch that picks itself is, so ns1's single endpoint is used
      new Flow("hairpin to cluster IP", "10.180.0.1", "172.30.0.41", 80, "10.180.0.1:80", true),
      new Flow("external to external IP (Cluster policy)", EXTERNAL_CLIENT, "192.168.99.33", 80,
          "10.180.0.4:80, 10.180.0.5:80", true),
      new Flow("ClusterIP, wrong port", "10.0.0.2", "172.30.0.41", 443, "", false));

  /** Flows derived by reading the TestSyncProxyRulesRepeated initial restore input (2 ClusterIP services). */
  static final List<Flow> REPEATED = List.of(
      new Flow("pod to svc1", "10.0.0.2", "172.30.0.41", 80, "10.0.1.1:80", false),
      new Flow("pod to svc2", "10.0.0.2", "172.30.0.42", 8080, "10.0.2.1:8080", false),
      new Flow("node to svc1", NODE_IP, "172.30.0.41", 80, "10.0.1.1:80", true),
      new Flow("hairpin to svc1", "10.0.1.1", "172.30.0.41", 80, "10.0.1.1:80", true),
      new Flow("svc2 on svc1's port", "10.0.0.2", "172.30.0.42", 80, "", false));

  private static final PacketFilter OVERALL = filter(withJumps(resource(REALWORLD
      + "kube-proxy-test-TestOverallIPTablesRules.iptables-save.txt")), HOST);
  private static final PacketFilter REPEATED_FILTER = filter(withJumps(resource(REALWORLD
      + "kube-proxy-test-TestSyncProxyRulesRepeated-1-initial.iptables-restore.txt")), HOST);

  static List<Flow> upstream() {
    return UPSTREAM;
  }

  static List<Flow> derived() {
    return DERIVED;
  }

  static List<Flow> repeated() {
    return REPEATED;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstream")
  void upstreamFlowsReproduce(Flow flow) {
    check(OVERALL, flow);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("derived")
  void derivedFlows(Flow flow) {
    check(OVERALL, flow);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repeated")
  void syncProxyRulesRepeatedFlows(Flow flow) {
    check(REPEATED_FILTER, flow);
  }

  static void check(PacketFilter f, Flow flow) {
    List<KubeProxyFlows.End> ends = KubeProxyFlows.walk(f, HOST, tcp(flow.sourceIP(), flow.destIP(), flow.destPort()));
    String got = switch (flow.output()) {
      case "DROP", "REJECT", "ACCEPT", "" -> verdict(ends, flow);
      default -> ends.stream().map(e -> e.fate() + " " + e.packet().dst() + ":" + e.packet().dport())
          .distinct().collect(Collectors.joining(", "));
    };
    String want = switch (flow.output()) {
      case "DROP", "REJECT", "ACCEPT", "" -> flow.output();
      default -> List.of(flow.output().split(", ")).stream().map(e -> "ACCEPT " + e)
          .collect(Collectors.joining(", "));
    };
    assertEquals(want, got, () -> describe(ends));
    for (KubeProxyFlows.End e : ends) {
      if (e.fate() == Fate.ACCEPT) assertEquals(flow.masq(), e.masqueraded(), () -> "masq: " + describe(ends));
    }
    double known = ends.stream().mapToDouble(KubeProxyFlows.End::probability).filter(p -> !Double.isNaN(p)).sum();
    if (ends.stream().noneMatch(e -> Double.isNaN(e.probability()))) assertEquals(1.0, known, 1e-9);
  }

  /** For verdict flows: the one end, named as upstream names it. */
  private static String verdict(List<KubeProxyFlows.End> ends, Flow flow) {
    assertEquals(1, ends.size(), () -> describe(ends));
    KubeProxyFlows.End e = ends.get(0);
    switch (flow.output()) {
      case "" -> {
        assertEquals(Fate.ACCEPT, e.fate(), () -> describe(ends));
        return e.dnatted() ? "DNAT to " + e.packet().dst() : "";
      }
      case "ACCEPT" -> {
        // upstream's ACCEPT is a kube-proxy rule's own ACCEPT, not the default policy
        assertTrue(e.steps().stream().anyMatch(s -> s instanceof Step.ChainEvaluation c
            && c.chain().startsWith("KUBE-") && c.action().equals("ACCEPT")), () -> describe(ends));
        return e.fate().name();
      }
      default -> {
        return e.fate().name();
      }
    }
  }

  static String describe(List<KubeProxyFlows.End> ends) {
    return ends.stream().map(e -> e.fate() + " p=" + e.probability() + " " + e.packet().tuple() + " masq="
        + e.masqueraded() + " " + e.last().reason() + "\n  " + e.steps().stream().map(Step::text)
        .collect(Collectors.joining("\n  "))).collect(Collectors.joining("\n"));
  }

  @org.junit.jupiter.api.Test
  void dropsAndRejectsNameTheirKubernetesCause() {
    assertEquals(Disposition.DROPPED_NO_LOCAL_ENDPOINTS, only("DROP", EXTERNAL_CLIENT, "192.168.99.22", 80));
    assertEquals(Disposition.REJECTED_NO_ENDPOINTS, only("REJECT", "10.0.0.2", "172.30.0.46", 80));
    assertEquals(Disposition.DROPPED_LB_SOURCE_RANGE, only("DROP", EXTERNAL_CLIENT_BLOCKED, "5.6.7.8", 80));
  }

  private static Disposition only(String fate, String src, String dst, int port) {
    List<KubeProxyFlows.End> ends = KubeProxyFlows.walk(OVERALL, HOST, tcp(src, dst, port));
    assertEquals(1, ends.size());
    assertEquals(fate, ends.get(0).fate().name());
    return ends.get(0).last().disposition();
  }
}
