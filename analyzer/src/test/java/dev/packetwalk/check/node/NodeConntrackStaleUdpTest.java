package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.cites;
import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.CheckAssertions.subject;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** DNS to a CoreDNS pod that was replaced: 10.244.2.9 gone, 10.244.2.3 serving. */
class NodeConntrackStaleUdpTest {
  static final String CT = "nodes/node1/conntrack/conntrack-L.txt";
  static final String DNS = """
      - kind: Service
        metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
        spec:
          clusterIP: 10.96.0.10
          clusterIPs: [10.96.0.10]
          selector: {k8s-app: kube-dns}
          ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
      """;
  static final String DNS_SLICE = """
      - kind: EndpointSlice
        apiVersion: discovery.k8s.io/v1
        metadata: {name: kube-dns-x1, namespace: kube-system, labels: {kubernetes.io/service-name: kube-dns}}
        addressType: IPv4
        ports: [{name: dns, port: 53, protocol: UDP}]
        endpoints:
        - addresses: [10.244.2.3]
          conditions: {ready: true, serving: true}
          nodeName: node2
      """;
  static final String FLOWS = """
      ipv4     2 udp      17 28 src=10.244.1.5 dst=10.96.0.10 sport=40001 dport=53 src=10.244.2.3 dst=10.244.1.5 sport=53 dport=40001 mark=0 use=1
      ipv4     2 udp      17 29 src=10.244.1.5 dst=10.96.0.10 sport=40002 dport=53 [UNREPLIED] src=10.244.2.9 dst=10.244.1.5 sport=53 dport=40002 mark=0 use=1
      ipv4     2 tcp      6 86390 ESTABLISHED src=10.244.1.5 dst=10.96.0.10 sport=40003 dport=53 src=10.244.2.9 dst=10.244.1.5 sport=53 dport=40003 [ASSURED] mark=0 use=1
      """;

  static Map<String, String> bundle(String flows) {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/services.json", NodeFixtures.SERVICES + DNS.indent(0));
    m.put("cluster/endpointslices.json", NodeFixtures.SLICES + DNS_SLICE);
    m.put(CT, flows);
    return m;
  }

  @Test
  void flowToTheRemovedCorednsPod() {
    Map<String, String> m = bundle(FLOWS);
    Finding f = single(Fixtures.run(new NodeConntrackStaleUdp(), m));
    subject(f, "Service", "kube-system", "kube-dns");
    explains(f, "10.244.2.9", "serving: 10.244.2.3", "1 stale UDP");
    cites(f, CT, FLOWS, "sport=40002");
  }

  @Test
  void flowsToServingEndpointsAndTcpAreFine() {
    noFindings(Fixtures.run(new NodeConntrackStaleUdp(), bundle(FLOWS.lines()
        .filter(l -> !l.contains("sport=40002")).reduce("", (a, b) -> a + b + "\n"))));
  }
}
