package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KubeProxyNoEndpointsRejectTest {
  @Test
  void realRejectWithRisingCounters() {
    Finding f = single(Fixtures.run(new KubeProxyNoEndpointsReject(), NodeFixtures.realCluster()));
    assertEquals(Severity.WARNING, f.severity());
    assertEquals("api", f.subject().name());
    explains(f, "default/api:http", "port-unreachable", "in the second sample");
  }

  @Test
  void staleWhenTheServiceHasReadyEndpointsNow() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/endpointslices.json", NodeFixtures.SLICES.replace("{name: web-abc", "{name: api-abc")
        .replace("kubernetes.io/service-name: web", "kubernetes.io/service-name: api"));
    Finding f = single(Fixtures.run(new KubeProxyNoEndpointsReject(), m));
    assertEquals(Severity.ERROR, f.severity());
    explains(f, "stale");
  }

  @Test
  void noRejectRules() {
    noFindings(Fixtures.run(new KubeProxyNoEndpointsReject(), Map.of("nodes/node1/netfilter/iptables-save.txt",
        "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n")));
  }
}
