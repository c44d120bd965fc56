package dev.packetwalk.trace.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.parse.netfilter.Resources;
import dev.packetwalk.parse.nft.NftListParser;
import dev.packetwalk.parse.nft.NftRuleset;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kube-proxy's own packet-flow expectations for its nftables mode, reproduced on its {@code TestOverallNFTablesRules}
 * ruleset, in both the {@code nft -f} transaction form kube-proxy's test holds and the {@code nft list ruleset} form
 * the real nft printed for it.
 *
 * <p>Provenance of the flows (kubernetes/kubernetes, Apache-2.0):
 * <ul>
 *   <li>{@code TestTracePacketV4} in {@code pkg/proxy/nftables/helpers_test.go} ("The test data is based on the
 *       TestOverallNFTablesRules"), read through the public code index from a test patch of that file (newer than
 *       the fixture's version). Its ruleset differs from the fixture in details (one {@code endpoints-check} chain,
 *       {@code fib daddr type local} instead of {@code @nodeport-ips}); each flow was checked against the fixture's
 *       rules by hand before being taken over, and all eight hold there.</li>
 *   <li>{@code TestClusterIPGeneral} in {@code pkg/proxy/nftables/proxier_test.go} (commit 81810de635aa): its svc1
 *       (172.30.0.41:80 → 10.180.0.1:80) and base rules are the fixture's, so its flows to svc1, to an unused svc1
 *       port and to an unallocated ClusterIP carry over.</li>
 * </ul>
 * Upstream's node IPs ({@code testNodeIPs}: 192.168.0.2, 192.168.1.2, 192.168.99.11, 2001:db8::1, 2001:db8:1::2)
 * are the HostView's local addresses; the pod CIDR is 10.0.0.0/8 and 203.0.113.0/24 is outside.
 *
 * <p>Upstream's tracer runs prerouting, then forward. Here the packet takes the kernel's path instead: PREROUTING,
 * then INPUT or FORWARD by whether the (translated) destination is local, then POSTROUTING; a packet from a node
 * address starts at OUTPUT. Upstream's output strings are reproduced: the endpoints DNATed to, {@code DROP},
 * {@code REJECT}, or "" when nothing matched; {@code masq} is whether POSTROUTING masqueraded.
 */
class NftKubeProxyFlowsTest {

  static final List<String> NODE_IPS = List.of("192.168.0.2", "192.168.1.2", "192.168.99.11", "2001:db8::1",
      "2001:db8:1::2");
  static final HostView HOST = new HostView(Set.copyOf(NODE_IPS), Map.of("eth0", NODE_IPS), List.of(), true);

  static final String TRANSACTION = "nft/realworld/kube-proxy-test-TestOverallNFTablesRules.nft-transaction.txt";
  static final String LIST = "nft/generated/kube-proxy-TestOverallNFTablesRules.nft-list-ruleset.nft";

  record Flow(String name, String src, String dst, int dport, String output, boolean masq, Disposition fail) {}

  static final List<Flow> FLOWS = List.of(
      // TestTracePacketV4
      new Flow("no match", "10.0.0.2", "10.0.0.3", 80, "", false, null),
      new Flow("single endpoint", "10.0.0.2", "172.30.0.41", 80, "10.180.0.1:80", false, null),
      new Flow("multiple endpoints", "10.0.0.2", "172.30.0.44", 80, "10.180.0.4:80, 10.180.0.5:80", false, null),
      new Flow("local, mark for masquerade", "192.168.0.2", "192.168.99.22", 80, "10.180.0.2:80", true, null),
      new Flow("DROP", "203.0.113.2", "192.168.99.22", 80, "DROP", false, Disposition.DROPPED_NO_LOCAL_ENDPOINTS),
      new Flow("REJECT", "10.0.0.2", "172.30.0.46", 80, "REJECT", false, Disposition.REJECTED_NO_ENDPOINTS),
      new Flow("blocked external to loadbalancer IP", "203.0.113.130", "5.6.7.8", 80, "DROP", false,
          Disposition.DROPPED_LB_SOURCE_RANGE),
      new Flow("pod to nodePort", "10.0.0.2", "192.168.0.2", 3001, "10.180.0.2:80", false, null),
      // TestClusterIPGeneral
      new Flow("simple clusterIP", "10.180.0.2", "172.30.0.41", 80, "10.180.0.1:80", false, null),
      new Flow("hairpin to cluster IP", "10.180.0.1", "172.30.0.41", 80, "10.180.0.1:80", true, null),
      new Flow("svc1 does not accept svc2's ports", "10.180.0.2", "172.30.0.41", 443, "REJECT", false,
          Disposition.DENIED_IN),
      new Flow("packet to unallocated cluster ip", "10.180.0.2", "172.30.0.50", 80, "DROP", false,
          Disposition.DENIED_IN));

  static Stream<Arguments> flows() {
    return Stream.of(TRANSACTION, LIST).flatMap(f -> FLOWS.stream().map(x -> Arguments.of(f, x.name(), x)));
  }

  static NftFilter filter(String resource) {
    NftRuleset r = NftListParser.parse(resource, Resources.read(resource));
    return new NftFilter(resource, r.tables(), HOST);
  }

  /** One way the packet ends: what upstream's tracer prints for it, and how it is classified. */
  record End(double probability, String output, boolean masq, Disposition disposition, List<Step> steps) {}

  /** The kernel's hooks for a first packet: OUTPUT or PREROUTING, then INPUT or FORWARD, then POSTROUTING. */
  static List<End> walk(PacketFilter f, String src, String dst, int dport) {
    Packet p = new Packet(Proto.TCP, src, 40000, dst, dport, 0, 60, false);
    boolean local = HOST.isLocal(src);
    String in = local ? "" : src.startsWith("10.") ? "cni0" : "eth0";
    List<End> out = new ArrayList<>();
    Hook first = local ? Hook.OUTPUT : Hook.PREROUTING;
    for (FilterOutcome a : f.run(input(first, p, in, local ? "eth0" : "", false, 0))) {
      if (a.fate() != Fate.ACCEPT) {
        out.add(end(a, p, false));
        continue;
      }
      String output = a.packet().dst().equals(dst) ? "" : a.packet().dst() + ":" + a.packet().dport();
      boolean toLocal = HOST.isLocal(a.packet().dst());
      List<FilterOutcome> next = local ? List.of(a) : f.run(input(toLocal ? Hook.INPUT : Hook.FORWARD,
          a.packet(), in, toLocal ? "" : "eth0", a.dnatted(), a.ctmark()));
      for (FilterOutcome b : next) {
        FilterOutcome c = b;
        if (b.fate() == Fate.ACCEPT && (local || !toLocal)) {
          c = f.run(input(Hook.POSTROUTING, b.packet(), in, "eth0", b.dnatted(), b.ctmark())).get(0);
        }
        if (c.fate() != Fate.ACCEPT) {
          out.add(end(c, p, false));
          continue;
        }
        boolean masq = c.steps().stream().anyMatch(x -> x instanceof Step.NatTransformation n
            && n.kind().equals("MASQUERADE"));
        out.add(new End(a.probability() * b.probability() * c.probability(), output, masq, null, c.steps()));
      }
    }
    return out;
  }

  private static FilterInput input(Hook h, Packet p, String in, String outIface, boolean dnatted, long ctmark) {
    Packet fresh = p.withMark(h == Hook.PREROUTING || h == Hook.OUTPUT ? 0 : p.mark());
    return new FilterInput(h, fresh, CtState.NEW, h == Hook.OUTPUT ? "" : in, outIface, "", "", dnatted, ctmark);
  }

  private static End end(FilterOutcome o, Packet p, boolean masq) {
    String output = o.fate() == Fate.UNKNOWN ? "UNKNOWN: " + o.reason() : o.fate().name();
    return new End(o.probability(), output, masq, o.disposition(), o.steps());
  }

  @ParameterizedTest(name = "{1} ({0})")
  @MethodSource("flows")
  void reproducesUpstreamFlow(String resource, String name, Flow flow) {
    List<End> ends = walk(filter(resource), flow.src(), flow.dst(), flow.dport());
    String output = ends.stream().map(End::output).collect(Collectors.joining(", "));
    assertEquals(flow.output(), output, name);
    for (End e : ends) {
      assertEquals(flow.masq(), e.masq(), name + ": masquerade");
      assertEquals(flow.fail(), e.disposition(), name + ": disposition");
    }
    assertEquals(1.0, ends.stream().mapToDouble(End::probability).sum(), 1e-9);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void twoEndpointsAreTwoHalves(String resource) {
    List<End> ends = walk(filter(resource), "10.0.0.2", "172.30.0.44", 80);
    assertEquals(2, ends.size());
    assertEquals(0.5, ends.get(0).probability(), 1e-12);
    assertEquals(0.5, ends.get(1).probability(), 1e-12);
  }

  static Stream<String> forms() {
    return Stream.of(TRANSACTION, LIST);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void stepsCiteTheRuleLines(String resource) {
    NftFilter f = filter(resource);
    Packet p = new Packet(Proto.TCP, "10.0.0.2", 40000, "172.30.0.41", 80, 0, 60, false);
    List<FilterOutcome> out = f.run(new FilterInput(Hook.PREROUTING, p, CtState.NEW, "cni0", "", "", "", false, 0));
    assertEquals(1, out.size());
    FilterOutcome o = out.get(0);
    assertTrue(o.dnatted());
    String[] lines = Resources.read(resource).split("\n", -1);
    List<String> actions = new ArrayList<>();
    for (Step s : o.steps()) {
      SourceRef ref = s.evidence();
      assertEquals(resource, ref.file());
      String line = lines[ref.line() - 1];
      if (s instanceof Step.ChainEvaluation c) {
        actions.add(c.chain() + ": " + c.action());
        String cited = c.action().startsWith("DNAT") ? "dnat to 10.180.0.1:80"
            : c.detail().isEmpty() ? c.action() : c.detail().split(" ")[0] + " " + c.detail().split(" ")[1];
        assertTrue(line.contains(cited), c + " cites " + line);
      }
    }
    // the filter chain at -110 runs before the nat chain at -100; its jump returns without a verdict
    assertEquals(List.of("filter-prerouting-pre-dnat: jump firewall-check", "nat-prerouting: jump services", "services: goto service-ULMVA6XW-ns1/svc1/tcp/p80",
        "service-ULMVA6XW-ns1/svc1/tcp/p80: goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80",
        "endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80: DNAT to 10.180.0.1:80"), actions);
    assertTrue(o.steps().stream().anyMatch(s -> s instanceof Step.NatTransformation n
        && n.before().equals("172.30.0.41:80") && n.after().equals("10.180.0.1:80")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void establishedPacketsSkipNatChains(String resource) {
    Packet p = new Packet(Proto.TCP, "10.0.0.2", 40000, "172.30.0.41", 80, 0, 60, false);
    List<FilterOutcome> out = filter(resource).run(new FilterInput(Hook.PREROUTING, p, CtState.ESTABLISHED, "cni0",
        "", "", "", false, 0));
    assertEquals(1, out.size());
    assertEquals(Fate.ACCEPT, out.get(0).fate());
    assertFalse(out.get(0).dnatted());
    assertEquals("172.30.0.41", out.get(0).packet().dst());
  }
}
