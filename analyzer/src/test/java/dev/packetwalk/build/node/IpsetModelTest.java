package dev.packetwalk.build.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.model.node.IpSet;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.parse.netfilter.Resources;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code netfilter/ipset.txt} → {@link NodeDataplane#ipsets()}, each member citing its line. */
class IpsetModelTest {
  static final String FILE = "nodes/node1/netfilter/ipset.txt";

  private static AnalysisResult with(String ipset) {
    Map<String, String> files = new TreeMap<>(NodeFixtures.realCluster());
    files.put(FILE, ipset);
    return Fixtures.analyze(List.of(), files);
  }

  @Test
  void realKubeProxySetsBecomeModelSets() {
    AnalysisResult r = with(Resources.read("ipset/realworld/ipset-list-kube-proxy-ipvs.txt"));
    NodeDataplane n = r.nodes().get("node1").orElseThrow();
    assertTrue(n.evidence().contains(NodeEvidence.IPSET));
    assertEquals(11, n.ipsets().size());
    IpSet cip = n.ipset("KUBE-CLUSTER-IP").orElseThrow();
    assertEquals("hash:ip,port", cip.type());
    assertTrue(cip.complete());
    assertEquals(List.of("10.96.0.1,tcp:443", "10.96.100.80,tcp:80", "10.96.0.10,tcp:53", "10.96.0.10,udp:53"),
        cip.members());
    assertEquals(List.of(20, 21, 22, 23), cip.memberRefs().stream().map(x -> x.line()).toList());
    assertEquals(FILE, cip.memberRefs().get(0).file());
    assertEquals(12, cip.ref().line());
    assertEquals(List.of("127.0.0.0/8", "10.244.0.0/16", "192.168.0.0/16"),
        n.ipset("cali40all-ipam-pools").orElseThrow().members());
    Coverage row = r.coverage().stream().filter(c -> c.path().equals(FILE)).findFirst().orElseThrow();
    assertEquals(Coverage.Status.PARSED, row.status());
    assertEquals("11 set(s), 16 member(s)", row.reason());
  }

  @Test
  void terseSetsAreIncompleteUnlessDeclaredEmpty() {
    NodeDataplane n = with(Resources.read("ipset/realworld/ipset-list-terse.txt")).nodes().get("node1")
        .orElseThrow();
    assertFalse(n.ipset("KUBE-CLUSTER-IP").orElseThrow().complete());
    assertTrue(n.ipset("KUBE-CLUSTER-IP").orElseThrow().members().isEmpty());
    assertTrue(n.ipset("KUBE-EXTERNAL-IP").orElseThrow().complete());
  }

  @Test
  void noIpsetFileNoEvidence() {
    Map<String, String> files = new TreeMap<>(NodeFixtures.realCluster());
    files.remove(FILE);
    NodeDataplane n = Fixtures.analyze(List.of(), files).nodes().get("node1").orElseThrow();
    assertFalse(n.evidence().contains(NodeEvidence.IPSET));
    assertTrue(n.ipsets().isEmpty());
  }
}
