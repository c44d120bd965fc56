package dev.packetwalk.check.cni;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSandboxNetworkFailedTest {
  static final String EVENTS = """
      {
        "apiVersion": "v1",
        "kind": "List",
        "items": [
          {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": "web-1.17c2", "namespace": "shop"},
            "type": "Warning",
            "reason": "FailedCreatePodSandBox",
            "count": 12,
            "source": {"component": "kubelet", "host": "node-2"},
            "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-1"},
            "message": "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \\"4f2a\\": plugin type=\\"flannel\\" failed (add): failed to delegate add: failed to set bridge addr: \\"cni0\\" already has an IP address different from 10.244.2.1/24"
          }
        ]
      }
      """;

  @Test
  void staleBridgeAddress() {
    Finding f = single(Fixtures.run(new PodSandboxNetworkFailed(), Map.of("cluster/events.json", EVENTS)));
    assertEquals("pod-sandbox-network-failed", f.checkId());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("node-2", f.subject().node());
    explains(f, "bridge addr", "shop/web-1", "12 failed", "cni0", "earlier pod CIDR");
    int line = dev.packetwalk.check.CheckAssertions.lineOf(EVENTS, "\"items\": [") + 1;
    assertEquals(line, f.evidence().get(0).line());
    assertEquals("cluster/events.json", f.evidence().get(0).file());
  }

  @Test
  void ipamExhaustionAndNonNetworkFailuresAreLeftOut() {
    String ipam = EVENTS.replace("failed to set bridge addr: \\\"cni0\\\" already has an IP address different from"
        + " 10.244.2.1/24", "failed to allocate for range 0: no IP addresses available in range set");
    noFindings(Fixtures.run(new PodSandboxNetworkFailed(), Map.of("cluster/events.json", ipam)));
    String runtime = EVENTS.replaceAll("desc = .*\"\n", "desc = failed to pull pause image\"\n");
    noFindings(Fixtures.run(new PodSandboxNetworkFailed(), Map.of("cluster/events.json", runtime)));
  }

  @Test
  void aPodNamedLikeTheNetworkIsNotANetworkFailure() {
    String named = EVENTS.replace("\"name\": \"web-1\"", "\"name\": \"network-tools-1\"")
        .replaceAll("desc = .*\"\n", "desc = failed to mount volume for network-tools-1: permission denied\"\n");
    noFindings(Fixtures.run(new PodSandboxNetworkFailed(), Map.of("cluster/events.json", named)));
  }
}
