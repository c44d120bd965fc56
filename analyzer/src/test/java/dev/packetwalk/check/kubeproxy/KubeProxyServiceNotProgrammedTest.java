package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KubeProxyServiceNotProgrammedTest {
  static final String SVC7 = """
      - kind: Service
        metadata: {name: svc7, namespace: ns7}
        spec: {clusterIP: 172.30.0.47, ports: [{name: p80, port: 80, protocol: TCP}]}
      """;

  static Map<String, String> nft(String extraService, String extraSlice) {
    return Map.of("cluster/services.json", KubeProxyFixtures.SERVICES + extraService,
        "cluster/endpointslices.json", KubeProxyFixtures.slices() + extraSlice,
        "nodes/node1/netfilter/nft-ruleset.txt", KubeProxyFixtures.NFT);
  }

  @Test
  void nftablesNodeLacksANewService() {
    Finding f = single(Fixtures.run(new KubeProxyServiceNotProgrammed(),
        nft(SVC7, KubeProxyFixtures.slice("ns7", "svc7", "10.180.0.7", ""))));
    assertEquals("node1", f.subject().node());
    explains(f, "ns7/svc7:p80", "nftables", "172.30.0.47 . tcp . 80", "10.180.0.7:80");
  }

  @Test
  void everyServiceOfTheGoldenDumpIsProgrammed() {
    noFindings(Fixtures.run(new KubeProxyServiceNotProgrammed(), nft("", "")));
  }

  @Test
  void serviceWithoutEndpointsIsNotThisCheck() {
    noFindings(Fixtures.run(new KubeProxyServiceNotProgrammed(), nft(SVC7, "")));
  }

  @Test
  void iptablesNodeLacksAService() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/services.json", NodeFixtures.SERVICES + """
        - kind: Service
          metadata: {name: shop, namespace: default}
          spec: {clusterIP: 10.96.0.40, ports: [{name: http, port: 80, protocol: TCP}]}
        """);
    m.put("cluster/endpointslices.json", NodeFixtures.SLICES + """
        - kind: EndpointSlice
          apiVersion: discovery.k8s.io/v1
          metadata: {name: shop-1, namespace: default, labels: {kubernetes.io/service-name: shop}}
          addressType: IPv4
          ports: [{name: http, port: 80, protocol: TCP}]
          endpoints: [{addresses: [10.244.1.20], conditions: {ready: true}}]
        """);
    Finding f = single(Fixtures.run(new KubeProxyServiceNotProgrammed(), m));
    explains(f, "default/shop:http", "iptables", "KUBE-SVC-", "10.96.0.40:80");
  }

  @Test
  void aNodeWithoutKubeProxyRulesIsUndecided() {
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new KubeProxyServiceNotProgrammed(),
        Map.of("cluster/services.json", KubeProxyFixtures.SERVICES, "cluster/endpointslices.json",
            KubeProxyFixtures.slices(), "nodes/node1/netfilter/nft-ruleset.txt", "table inet filter {\n}\n"))
        .status());
  }
}
