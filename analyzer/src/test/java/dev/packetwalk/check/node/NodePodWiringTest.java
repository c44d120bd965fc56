package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.node.NodeCheckFixtures.LINKS;
import static dev.packetwalk.check.node.NodeCheckFixtures.PORTS;
import static dev.packetwalk.check.node.NodeCheckFixtures.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodePodWiringTest {
  @Test
  void realPodIsWired() {
    noFindings(Fixtures.run(new NodePodWiring(), NodeCheckFixtures.withWebPod()));
  }

  @Test
  void vethDown() {
    Map<String, String> m = NodeCheckFixtures.withWebPod();
    edit(m, LINKS, "veth1a2b3c4d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni0 state UP",
        "veth1a2b3c4d@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue master cni0 state DOWN");
    Finding f = single(Fixtures.run(new NodePodWiring(), m));
    explains(f, "default/web-1", "veth1a2b3c4d", "down");
    assertEquals(LINKS, f.evidence().get(0).file());
    assertEquals(NodeFixtures.line(LINKS, "veth1a2b3c4d@if2"), f.evidence().get(0).line());
    assertEquals("node1", f.subject().node());
  }

  @Test
  void vethOffTheBridge() {
    Map<String, String> m = NodeCheckFixtures.withWebPod();
    edit(m, LINKS, "qdisc noqueue master cni0 state UP", "qdisc noqueue state UP");
    edit(m, LINKS, "    bridge_slave state forwarding", "    bridge_slaveX state forwarding");
    m.remove(PORTS);
    explains(single(Fixtures.run(new NodePodWiring(), m)), "not on bridge cni0", "enslaved to no bridge");
  }

  @Test
  void podWithoutVeth() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/pods.json", NodeCheckFixtures.pods(NodeCheckFixtures.pod("default", "web-1", "node1",
        "10.244.1.5"), NodeCheckFixtures.pod("default", "api-1", "node1", "10.244.1.7"),
        NodeCheckFixtures.pod("default", "elsewhere", "node2", "10.244.2.7")));
    Finding f = single(Fixtures.run(new NodePodWiring(), m));
    explains(f, "default/api-1", "no host veth", "10.244.1.7");
  }

  @Test
  void withoutPodsItIsInsufficient() {
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new NodePodWiring(),
        NodeFixtures.realCluster()).status());
  }
}
