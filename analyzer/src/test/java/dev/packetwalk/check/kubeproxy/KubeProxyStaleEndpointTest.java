package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KubeProxyStaleEndpointTest {
  @Test
  void realNodeStillDnatsToAGonePod() {
    Finding f = single(Fixtures.run(new KubeProxyStaleEndpoint(), NodeFixtures.realCluster()));
    explains(f, "default/web:http", "10.244.1.9:8080", "not ready");
    assertEquals("node1", f.subject().node());
    assertEquals(NodeFixtures.line("nodes/node1/netfilter/iptables-save.txt", "--to-destination 10.244.1.9:8080"),
        f.evidence().get(0).line());
  }

  @Test
  void matchingEndpointsAreFine() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/endpointslices.json", NodeFixtures.SLICES.replace("[10.244.1.5]", "[10.244.1.5, 10.244.1.9]"));
    noFindings(Fixtures.run(new KubeProxyStaleEndpoint(), m));
  }
}
