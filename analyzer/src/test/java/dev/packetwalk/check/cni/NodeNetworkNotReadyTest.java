package dev.packetwalk.check.cni;

import static dev.packetwalk.check.CheckAssertions.cites;
import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeNetworkNotReadyTest {
  static final String NODES = """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Node
        metadata: {name: node-1}
        status:
          conditions:
          - {type: NetworkUnavailable, status: "False", reason: FlannelIsUp}
          - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}
      - apiVersion: v1
        kind: Node
        metadata: {name: node-2}
        status:
          conditions:
          - type: Ready
            status: "False"
            reason: KubeletNotReady
            message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'
      """;

  @Test
  void notReadyBecauseOfTheCni() {
    Finding f = single(Fixtures.run(new NodeNetworkNotReady(), Map.of("cluster/nodes.json", NODES)));
    assertEquals("node-network-not-ready", f.checkId());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals(Layer.CNI, f.layer());
    assertEquals("node-2", f.subject().node());
    explains(f, "NotReady", "KubeletNotReady", "cni plugin not initialized", "pod network");
    cites(f, "cluster/nodes.json", NODES, "- type: Ready");
  }

  @Test
  void networkUnavailableOnAReadyNode() {
    String nodes = NODES.replace("{type: NetworkUnavailable, status: \"False\", reason: FlannelIsUp}",
        "{type: NetworkUnavailable, status: \"True\", reason: NoRouteCreated, message: Node created without a route}")
        .replace("status: \"False\"\n      reason: KubeletNotReady", "status: \"True\"\n      reason: KubeletReady");
    Finding f = single(Fixtures.run(new NodeNetworkNotReady(), Map.of("cluster/nodes.json", nodes)));
    assertEquals("node-1", f.subject().node());
    explains(f, "NetworkUnavailable", "NoRouteCreated");
    cites(f, "cluster/nodes.json", nodes, "type: NetworkUnavailable");
  }

  @Test
  void readyNodesAreFine() {
    noFindings(Fixtures.run(new NodeNetworkNotReady(), Map.of("cluster/nodes.json",
        NODES.substring(0, NODES.indexOf("- apiVersion: v1\n  kind: Node\n  metadata: {name: node-2}")))));
  }
}
