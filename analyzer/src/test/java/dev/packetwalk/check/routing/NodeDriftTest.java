package dev.packetwalk.check.routing;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeDriftTest {
  /** The real node's files as three nodes; the node dirs differ only where a test changes them. */
  static Map<String, String> threeNodes() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    for (Map.Entry<String, String> e : NodeFixtures.realNode().entrySet()) {
      for (String other : new String[] {"node2", "node3"}) {
        m.put(e.getKey().replace("nodes/node1/", "nodes/" + other + "/"), e.getValue());
      }
    }
    return m;
  }

  @Test
  void theOddNodeOutIsNamedWithItsValues() {
    Map<String, String> m = threeNodes();
    String sysctl = "nodes/node3/kernel/sysctl.txt";
    m.put(sysctl, m.get(sysctl).replace("net.netfilter.nf_conntrack_max = 262144",
        "net.netfilter.nf_conntrack_max = 65536"));
    String ipt = "nodes/node3/netfilter/iptables-save.txt";
    m.put(ipt, m.get(ipt).replace("[0:0] -A KUBE-SVC-6TDTQ5K4QVU5N6SG -m comment --comment \"default/web:http -> "
        + "10.244.1.9:8080\" -j KUBE-SEP-BBBBBBBBBBBBBBBB\n", ""));
    Finding f = single(Fixtures.run(new NodeDrift(), m));
    assertEquals("node3", f.subject().node());
    explains(f, "nf_conntrack_max is 65536 where node1, node2 have 262144",
        "kube-proxy endpoints of default/web:http is 1 where node1, node2 have 2");
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().equals(sysctl)));
  }

  @Test
  void identicalNodesSayNothing() {
    noFindings(Fixtures.run(new NodeDrift(), threeNodes()));
  }

  @Test
  void twoNodesCannotHaveAMajority() {
    Map<String, String> m = threeNodes();
    m.keySet().removeIf(k -> k.startsWith("nodes/node3/"));
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new NodeDrift(), m).status());
  }
}
