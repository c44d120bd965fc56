package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.lineOf;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KubeProxyStaleEndpointTest {
  @Test
  void realNodeStillDnatsToAGonePod() {
    Finding f = single(Fixtures.run(new KubeProxyStaleEndpoint(), NodeFixtures.realCluster()));
    explains(f, "default/web:http", "10.244.1.9:8080", "not ready");
    assertEquals("node1", f.subject().node());
    assertEquals(NodeFixtures.line("nodes/node1/netfilter/iptables-save.txt", "--to-destination 10.244.1.9:8080"),
        f.evidence().get(0).line());
  }

  @Test
  void matchingEndpointsAreFine() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/endpointslices.json", NodeFixtures.SLICES.replace("[10.244.1.5]", "[10.244.1.5, 10.244.1.9]"));
    noFindings(Fixtures.run(new KubeProxyStaleEndpoint(), m));
  }

  @Test
  void nftablesEndpointChainToAGonePod() {
    String slices = KubeProxyFixtures.slices().replace("[10.180.0.4, 10.180.0.5]", "[10.180.0.4, 10.180.0.6]");
    Finding f = single(Fixtures.run(new KubeProxyStaleEndpoint(), Map.of("cluster/services.json",
        KubeProxyFixtures.SERVICES, "cluster/endpointslices.json", slices, "nodes/node1/netfilter/nft-ruleset.txt",
        KubeProxyFixtures.NFT)));
    explains(f, "ns4/svc4:p80", "nftables", "10.180.0.5:80", "not ready", "never DNATed on this node: 10.180.0.6:80");
    assertEquals(lineOf(KubeProxyFixtures.NFT, "dnat to 10.180.0.5:80"), f.evidence().get(0).line());
  }

  @Test
  void nftablesGoldenDumpMatchesItsEndpoints() {
    noFindings(Fixtures.run(new KubeProxyStaleEndpoint(), Map.of("cluster/services.json", KubeProxyFixtures.SERVICES,
        "cluster/endpointslices.json", KubeProxyFixtures.slices(), "nodes/node1/netfilter/nft-ruleset.txt",
        KubeProxyFixtures.NFT)));
  }

  static final String KUBERNETES = """
      apiVersion: v1
      kind: List
      items:
      - kind: Service
        metadata: {name: kubernetes, namespace: default}
        spec: {clusterIP: 10.0.0.1, ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]}
      """;

  @Test
  void ipvsRealServerIsAnOldApiserver() {
    String slice = "apiVersion: v1\nkind: List\nitems:\n" + KubeProxyFixtures.slice("default", "kubernetes",
        "192.168.0.2", "").replace("p80", "https").replace("port: 80", "port: 6443");
    Finding f = single(Fixtures.run(new KubeProxyStaleEndpoint(), Map.of("cluster/services.json", KUBERNETES,
        "cluster/endpointslices.json", slice, "nodes/node1/ipvs/ipvsadm-Ln.txt", KubeProxyFixtures.IPVS)));
    explains(f, "default/kubernetes:https", "ipvs", "192.168.0.1:6443", "192.168.0.2:6443");
    assertEquals(lineOf(KubeProxyFixtures.IPVS, "192.168.0.1:6443"), f.evidence().get(0).line());
  }

  @Test
  void ipvsRealServerMatches() {
    String slice = "apiVersion: v1\nkind: List\nitems:\n" + KubeProxyFixtures.slice("default", "kubernetes",
        "192.168.0.1", "").replace("p80", "https").replace("port: 80", "port: 6443");
    noFindings(Fixtures.run(new KubeProxyStaleEndpoint(), Map.of("cluster/services.json", KUBERNETES,
        "cluster/endpointslices.json", slice, "nodes/node1/ipvs/ipvsadm-Ln.txt", KubeProxyFixtures.IPVS)));
  }
}
