package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The real node's flannel subnet 10.244.1.1/24: 253 assignable addresses. */
class NodeIpamExhaustionTest {
  static Map<String, String> allocated(int n) {
    List<String> ips = new ArrayList<>();
    for (int i = 2; i < 2 + n; i++) ips.add("10.244.1." + i);
    return NodeIpamLeakTest.withAllocations(new TreeMap<>(NodeFixtures.realCluster()), ips);
  }

  @Test
  void fullFlannelSubnet() {
    Finding f = single(Fixtures.run(new NodeIpamExhaustion(), allocated(250)));
    explains(f, "250 of 253", "10.244.1.1/24", "FLANNEL_SUBNET", "no IP addresses available");
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().endsWith("subnet.env")
        && e.line() == NodeFixtures.line("nodes/node1/files/run/flannel/subnet.env", "FLANNEL_SUBNET")));
  }

  @Test
  void roomLeft() {
    noFindings(Fixtures.run(new NodeIpamExhaustion(), allocated(200)));
  }

  @Test
  void podCidrWhenNoFlannel() {
    Map<String, String> m = allocated(250);
    m.remove("nodes/node1/files/run/flannel/subnet.env");
    explains(single(Fixtures.run(new NodeIpamExhaustion(), m)), "node's podCIDR", "10.244.1.0/24");
  }
}
