package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeProxyNodeportMissingTest {
  static final String SERVICES = """
      apiVersion: v1
      kind: List
      items:
      - kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          type: NodePort
          clusterIP: 10.96.0.20
          ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080, nodePort: 30080}]
      """;
  static final String WITH = """
      *nat
      :PREROUTING ACCEPT [0:0]
      :KUBE-NODEPORTS - [0:0]
      [0:0] -A KUBE-NODEPORTS -p tcp -m comment --comment "shop/web:http" -m tcp --dport 30080 -j KUBE-EXT-ABC
      COMMIT
      """;
  static final String WITHOUT = """
      *nat
      :PREROUTING ACCEPT [0:0]
      :KUBE-NODEPORTS - [0:0]
      COMMIT
      """;

  @Test
  void oneNodeLacksIt() {
    Finding f = single(Fixtures.run(new KubeProxyNodeportMissing(), Map.of("cluster/services.json", SERVICES,
        "nodes/node1/netfilter/iptables-save.txt", WITH, "nodes/node2/netfilter/iptables-save.txt", WITHOUT)));
    assertEquals("node2", f.subject().node());
    explains(f, "30080", "node1", "node2");
    assertEquals("nodes/node1/netfilter/iptables-save.txt:4", f.evidence().get(1).location());
  }

  @Test
  void everyNodeHasIt() {
    noFindings(Fixtures.run(new KubeProxyNodeportMissing(), Map.of("cluster/services.json", SERVICES,
        "nodes/node1/netfilter/iptables-save.txt", WITH, "nodes/node2/netfilter/iptables-save.txt", WITH)));
  }

  @Test
  void oneNodeCannotBeCompared() {
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new KubeProxyNodeportMissing(),
        Map.of("cluster/services.json", SERVICES, "nodes/node1/netfilter/iptables-save.txt", WITH)).status());
  }
}
