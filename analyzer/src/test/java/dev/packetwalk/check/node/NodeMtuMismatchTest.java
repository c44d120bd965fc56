package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.node.NodeCheckFixtures.LINKS;
import static dev.packetwalk.check.node.NodeCheckFixtures.POD_ADDR;
import static dev.packetwalk.check.node.NodeCheckFixtures.POD_LINK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The real node: pod eth0 and its veth at 1500 behind flannel.1 at 1450 (ens3 1500 − VXLAN 50). */
class NodeMtuMismatchTest {
  @Test
  void realPodLargerThanTheVxlanDevice() {
    Finding f = single(Fixtures.run(new NodeMtuMismatch(), NodeFixtures.realCluster()));
    explains(f, "MTU 1500", "flannel.1", "1450");
    assertEquals(POD_LINK, f.evidence().get(0).file());
    assertEquals(NodeFixtures.line(POD_LINK, "eth0@if5"), f.evidence().get(0).line());
    assertTrue(f.evidence().stream().anyMatch(e -> e.excerpt().contains("FLANNEL_MTU") || e.note().contains("1450")));
  }

  static Map<String, String> podAt1450() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    NodeCheckFixtures.edit(m, POD_LINK, "eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500",
        "eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450");
    NodeCheckFixtures.edit(m, POD_ADDR, "eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500",
        "eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450");
    NodeCheckFixtures.edit(m, LINKS, "veth1a2b3c4d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500",
        "veth1a2b3c4d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450");
    return m;
  }

  @Test
  void podsAtTheTunnelMtuAreFine() {
    noFindings(Fixtures.run(new NodeMtuMismatch(), podAt1450()));
  }

  @Test
  void tunnelLargerThanUnderlayMinusVxlan() {
    Map<String, String> m = podAt1450();
    NodeCheckFixtures.edit(m, LINKS, "6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450",
        "6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500");
    Finding f = single(Fixtures.run(new NodeMtuMismatch(), m));
    explains(f, "flannel.1", "ens3", "only 1450 bytes fit");
    assertEquals(NodeFixtures.line(LINKS, "flannel.1:"), f.evidence().get(0).line());
  }
}
