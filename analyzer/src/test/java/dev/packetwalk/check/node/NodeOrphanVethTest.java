package dev.packetwalk.check.node;

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

class NodeOrphanVethTest {
  @Test
  void vethOfARunningPodIsNotAnOrphan() {
    // ens3-peer is a veth too, but its peer ens3 is in the host namespace: never a pod's
    noFindings(Fixtures.run(new NodeOrphanVeth(), NodeCheckFixtures.withWebPod()));
  }

  @Test
  void vethWhosePodIsGone() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/pods.json", NodeCheckFixtures.pods(NodeCheckFixtures.pod("default", "other", "node1",
        "10.244.1.8")));
    Finding f = single(Fixtures.run(new NodeOrphanVeth(), m));
    explains(f, "veth1a2b3c4d", "pwrn-pod", "10.244.1.5", "cni0");
    assertEquals(NodeFixtures.line("nodes/node1/iproute/ip-s-d-link.txt", "veth1a2b3c4d@if2"),
        f.evidence().get(0).line());
  }
}
