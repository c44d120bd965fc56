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

/** Seed 002: "Failed to allocate address: No available addresses" on k8s-agentpool-66825246-0. */
class CniIpamExhaustedTest {
  static final String EVENTS = """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Event
        metadata: {name: deployment-azuredisk6-56d8dcb746-487td.17b1, namespace: default}
        type: Warning
        reason: FailedCreatePodSandBox
        count: 204
        source: {component: kubelet, host: k8s-agentpool-66825246-0}
        involvedObject: {kind: Pod, namespace: default, name: deployment-azuredisk6-56d8dcb746-487td}
        message: 'Failed create pod sandbox: rpc error: code = Unknown desc = NetworkPlugin cni failed to set up pod "deployment-azuredisk6-56d8dcb746-487td_default" network: Failed to allocate address: Failed to delegate: Failed to allocate address: No available addresses'
      - apiVersion: v1
        kind: Event
        metadata: {name: deployment-azuredisk6-56d8dcb746-487td.17a0, namespace: default}
        type: Normal
        reason: SandboxChanged
        count: 74
        source: {component: kubelet, host: k8s-agentpool-66825246-0}
        involvedObject: {kind: Pod, namespace: default, name: deployment-azuredisk6-56d8dcb746-487td}
        message: Pod sandbox changed, it will be killed and re-created.
      """;
  static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: deployment-azuredisk6-56d8dcb746-487td, namespace: default}
      spec:
        nodeName: k8s-agentpool-66825246-0
        containers: [{name: app, image: nginx}]
      status:
        phase: Pending
        containerStatuses:
        - {name: app, ready: false, restartCount: 0, state: {waiting: {reason: ContainerCreating}}}
      """;
  static final String NODES = """
      apiVersion: v1
      kind: Node
      metadata: {name: k8s-agentpool-66825246-0}
      spec: {podCIDR: 10.244.3.0/24}
      """;

  @Test
  void noAvailableAddressesOnTheNode() {
    Finding f = single(Fixtures.run(new CniIpamExhausted(), Map.of("cluster/events.json", EVENTS,
        "cluster/pods.json", PODS, "cluster/nodes.json", NODES)));
    assertEquals("cni-ipam-exhausted", f.checkId());
    assertEquals(Severity.CRITICAL, f.severity());
    assertEquals("Node", f.subject().kind());
    assertEquals("k8s-agentpool-66825246-0", f.subject().node());
    explains(f, "204", "No available addresses", "default/deployment-azuredisk6-56d8dcb746-487td",
        "ContainerCreating", "10.244.3.0/24 holds 254 addresses", "leaked", "garbage collection");
    cites(f, "cluster/events.json", EVENTS, "- apiVersion: v1");
    cites(f, "cluster/nodes.json", NODES, "spec: {podCIDR");
  }

  @Test
  void otherSandboxErrorsAreNotIpamExhaustion() {
    String events = EVENTS.replace("No available addresses", "failed to find plugin \\\"bridge\\\" in path [/opt/cni/bin]");
    noFindings(Fixtures.run(new CniIpamExhausted(), Map.of("cluster/events.json", events)));
  }
}
