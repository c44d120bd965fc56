package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeIpamLeakTest {
  static final String NET = "nodes/node1/files/var/lib/cni/networks/cbr0/";

  static Map<String, String> withAllocations(Map<String, String> m, List<String> ips) {
    for (String ip : ips) m.put(NET + ip, "c0ffee" + ip.replace(".", "") + "\neth0\n");
    m.put(NET + "last_reserved_ip.0", ips.get(ips.size() - 1));
    return m;
  }

  @Test
  void allocationWithoutAPod() {
    Map<String, String> m = withAllocations(NodeCheckFixtures.withWebPod(), List.of("10.244.1.5", "10.244.1.6"));
    Finding f = single(Fixtures.run(new NodeIpamLeak(), m));
    explains(f, "1 of 2", "cbr0", "10.244.1.6", "no pod");
    assertEquals(1, f.evidence().size());
    assertEquals(NET + "10.244.1.6", f.evidence().get(0).file());
  }

  @Test
  void everyAllocationHasItsPod() {
    noFindings(Fixtures.run(new NodeIpamLeak(), withAllocations(NodeCheckFixtures.withWebPod(),
        List.of("10.244.1.5"))));
  }

  @Test
  void withoutAllocationFilesItIsInsufficient() {
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new NodeIpamLeak(),
        NodeCheckFixtures.withWebPod()).status());
  }

  @Test
  void withoutPodsItIsInsufficient() {
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new NodeIpamLeak(),
        withAllocations(new java.util.TreeMap<>(NodeFixtures.realCluster()), List.of("10.244.1.6"))).status());
  }
}
