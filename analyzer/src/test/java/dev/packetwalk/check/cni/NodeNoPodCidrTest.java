package dev.packetwalk.check.cni;

import static dev.packetwalk.check.CheckAssertions.cites;
import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeNoPodCidrTest {
  static final String NODES = """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Node
        metadata: {name: node-1}
        spec:
          podCIDR: 10.244.0.0/24
          podCIDRs: [10.244.0.0/24]
      - apiVersion: v1
        kind: Node
        metadata: {name: node-2}
        spec:
          providerID: kind://docker/kind/node-2
      """;

  static String daemonSet(String name, String image) {
    return """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: %s, namespace: kube-system}
        spec:
          template:
            spec:
              containers: [{name: main, image: %s}]
        status: {desiredNumberScheduled: 2, numberReady: 1}
        """.formatted(name, image);
  }

  @Test
  void flannelNodeWithoutPodCidr() {
    Finding f = single(Fixtures.run(new NodeNoPodCidr(), Map.of("cluster/nodes.json", NODES,
        "cluster/kube-system/daemonsets.json", daemonSet("kube-flannel-ds", "docker.io/flannel/flannel:v0.24.2"))));
    assertEquals("node-no-pod-cidr", f.checkId());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("node-2", f.subject().node());
    explains(f, "node-2 has no spec.podCIDR", "flannel", "node-1: 10.244.0.0/24", "pod cidr not assigned");
    cites(f, "cluster/nodes.json", NODES, "podCIDRs: [10.244.0.0/24]");
    int spec = dev.packetwalk.check.CheckAssertions.lineOf(NODES, "providerID") - 1; // node-2's spec: line
    assertEquals(true, f.evidence().stream().anyMatch(e -> e.line() == spec && e.pointer().equals("/items/1/spec")));
  }

  @Test
  void calicoDoesNotNeedItSoOnlyInfo() {
    Finding f = single(Fixtures.run(new NodeNoPodCidr(), Map.of("cluster/nodes.json", NODES,
        "cluster/kube-system/daemonsets.json", daemonSet("calico-node", "docker.io/calico/node:v3.27.2"))));
    assertEquals(Severity.INFO, f.severity());
    explains(f, "calico", "normal");
  }

  @Test
  void allNodesHaveOne() {
    noFindings(Fixtures.run(new NodeNoPodCidr(), Map.of("cluster/nodes.json", NODES.replace(
        "providerID: kind://docker/kind/node-2", "podCIDR: 10.244.1.0/24"))));
  }
}
