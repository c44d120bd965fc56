package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.node.NodeCheckFixtures.LINKS;
import static dev.packetwalk.check.node.NodeCheckFixtures.PORTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The real node: veth1a2b3c4d (10.244.1.5, endpoint of default/web) is a cni0 port with hairpin off. */
class NodeHairpinOffTest {
  @Test
  void realServiceBackendWithHairpinOff() {
    Finding f = single(Fixtures.run(new NodeHairpinOff(), NodeFixtures.realCluster()));
    explains(f, "veth1a2b3c4d", "default/web", "promiscuous-bridge", "hairpinMode true");
    assertEquals(LINKS, f.evidence().get(0).file());
    assertEquals(NodeFixtures.line(LINKS, "veth1a2b3c4d@if2"), f.evidence().get(0).line());
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().equals("cluster/endpointslices.json")));
  }

  @Test
  void hairpinOnIsFine() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    NodeCheckFixtures.edit(m, LINKS, "cost 2 hairpin off", "cost 2 hairpin on");
    NodeCheckFixtures.edit(m, PORTS, "hairpin off", "hairpin on");
    noFindings(Fixtures.run(new NodeHairpinOff(), m));
  }

  @Test
  void podBackingNoServiceIsFine() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/endpointslices.json", NodeFixtures.SLICES.replace("10.244.1.5", "10.244.2.5"));
    noFindings(Fixtures.run(new NodeHairpinOff(), m));
  }

  @Test
  void kubeletHairpinNoneOptsOut() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("nodes/node1/kubelet/config.yaml", m.get("nodes/node1/kubelet/config.yaml") + "hairpinMode: none\n");
    noFindings(Fixtures.run(new NodeHairpinOff(), m));
  }
}
