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

  @Test
  void aVethHoldingTheNodesOwnAddressIsTheNodesLinkNotAPods() {
    // the real-kernel nodes are namespaces, as kind nodes are containers: their eth0 is a veth carrying the InternalIP
    java.nio.file.Path sample = java.nio.file.Path.of(System.getProperty("packetwalk.repo", ".."))
        .resolve("samples/real-kernel/healthy.tar.gz");
    var r = new dev.packetwalk.analysis.Analyzer(dev.packetwalk.bundle.BundleLimits.DEFAULT,
        java.util.List.of(new NodeOrphanVeth()), false).analyze(java.util.List.of(sample));
    assertEquals("veth", r.nodes().get("worker-1").orElseThrow().iface("eth0").orElseThrow().kind());
    assertEquals(java.util.List.of(), r.findings());
  }
}
