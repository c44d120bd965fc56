package dev.packetwalk.build.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.RouteResult;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder over a real packetwalk-node bundle, through the whole pipeline. */
class NodeDataplaneBuilderTest {
  static final AnalysisResult R = Fixtures.analyze(List.of(), NodeFixtures.realCluster());
  static final NodeDataplane N = R.nodes().get("node1").orElseThrow();

  @Test
  void interfacesCarryKindPeerMasterAndTunnel() {
    NodeInterface veth = N.iface("veth1a2b3c4d").orElseThrow();
    assertEquals("veth", veth.kind());
    assertEquals("cni0", veth.master());
    assertTrue(veth.peerIfindex() > 0);
    NodeInterface vxlan = N.iface("flannel.1").orElseThrow();
    assertEquals(1, vxlan.tunnel().vni());
    assertEquals(8472, vxlan.tunnel().dstport());
    assertEquals("192.168.56.11", vxlan.tunnel().local());
    assertEquals(NodeFixtures.line("nodes/node1/iproute/ip-s-d-link.txt", "flannel.1:"), vxlan.ref().line());
  }

  @Test
  void podNamespaceJoinsTheHostVethByIflinkAndThePodByIp() {
    PodJoin j = N.pods().stream().filter(p -> !p.netns().isEmpty()).findFirst().orElseThrow();
    assertEquals("veth1a2b3c4d", j.hostInterface());
    assertEquals("10.244.1.5", j.podIP());
    assertTrue(j.joinedBy().get(0).startsWith("eth0 iflink"), j.joinedBy().toString());
  }

  @Test
  void routeLookupFollowsTheKernelsTables() {
    RouteResult r = N.routing().lookup("10.244.2.7");
    assertEquals(RouteResult.Disposition.FORWARD, r.disposition());
    assertEquals("flannel.1", r.route().dev());
    assertTrue(r.route().onlink());
    assertEquals(RouteResult.Disposition.LOCAL, N.routing().lookup("192.168.56.11").disposition());
    assertEquals(RouteResult.Disposition.NO_ROUTE, N.routing().lookup("10.244.3.7").disposition());
  }

  @Test
  void countersGetDeltasAgainstTheSecondSample() {
    NfRule drop = N.netfilter().chain("filter", "OUTPUT").orElseThrow().rules().stream()
        .filter(NfRule::discards).findFirst().orElseThrow();
    assertTrue(N.netfilter().secondSample());
    assertTrue(drop.packetDelta() > 0, drop.toString());
    assertEquals("DROP", N.netfilter().chain("filter", "FORWARD").orElseThrow().policy());
    assertEquals(0, N.sysctls().ipForward().orElseThrow().number());
    assertEquals(NodeFixtures.line("nodes/node1/kernel/sysctl.txt", "net.ipv4.ip_forward ="),
        N.sysctls().ipForward().get().ref().line());
    assertTrue(N.cni().usesBridge());
    assertEquals("10.244.1.1/24", N.cni().flannelLease().orElseThrow().subnet());
    assertEquals(List.of("10.96.0.10"), N.kubelet().clusterDNS());
  }

  @Test
  void everyNodeFileHasARealCoverageRow() {
    List<Coverage> rows = R.coverage().stream().filter(c -> c.path().startsWith("nodes/")).toList();
    assertFalse(rows.isEmpty());
    Coverage save = rows.stream().filter(c -> c.path().endsWith("netfilter/iptables-save.txt")).findFirst()
        .orElseThrow();
    assertEquals(Coverage.Status.PARSED, save.status(), save.reason());
    Coverage json = rows.stream().filter(c -> c.path().endsWith("iproute/ip-route.json")).findFirst().orElseThrow();
    assertEquals(Coverage.Status.UNUSED, json.status());
    assertTrue(json.reason().contains("text form"), json.reason());
    assertTrue(N.has(NodeEvidence.NETNS) && N.has(NodeEvidence.IPTABLES_SECOND_SAMPLE));
  }

  @Test
  void parserWarningsBecomeProblemsAndPartialCoverage() {
    AnalysisResult r = Fixtures.analyze(List.of(), Map.of("nodes/n/kernel/sysctl.txt",
        "net.ipv4.ip_forward = 1\nsysctl: permission denied on key 'fs.protected_regular'\n"));
    Coverage c = r.coverage().stream().filter(x -> x.path().equals("nodes/n/kernel/sysctl.txt")).findFirst()
        .orElseThrow();
    assertEquals(Coverage.Status.PARTIAL, c.status());
    assertTrue(r.problems().stream().anyMatch(p -> p.file().equals("nodes/n/kernel/sysctl.txt") && p.line() == 2));
  }
}
