package dev.packetwalk.check.kubeproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Services and EndpointSlices behind kube-proxy's own golden dumps (TestOverallIPTablesRules and
 * TestOverallNFTablesRules, pkg/proxy/{iptables,nftables}/proxier_test.go): svc1 plain; svc2 ETP=Local with external
 * and LoadBalancer IPs and nodePort 3001, whose only endpoint is on another node; svc3 NodePort 3003; svc4 two
 * endpoints and an external IP; svc5 LoadBalancer 5.6.7.8 with loadBalancerSourceRanges 203.0.113.0/25 and
 * nodePort 3002; svc6 without endpoints.
 */
final class KubeProxyFixtures {
  private KubeProxyFixtures() {}

  static final String SERVICES = """
      apiVersion: v1
      kind: List
      items:
      - kind: Service
        metadata: {name: svc1, namespace: ns1}
        spec: {clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP}]}
      - kind: Service
        metadata: {name: svc2, namespace: ns2}
        spec:
          type: LoadBalancer
          clusterIP: 172.30.0.42
          externalIPs: [192.168.99.22]
          externalTrafficPolicy: Local
          healthCheckNodePort: 30000
          ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3001}]
        status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}
      - kind: Service
        metadata: {name: svc3, namespace: ns3}
        spec: {type: NodePort, clusterIP: 172.30.0.43, ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3003}]}
      - kind: Service
        metadata: {name: svc4, namespace: ns4}
        spec: {clusterIP: 172.30.0.44, externalIPs: [192.168.99.33], ports: [{name: p80, port: 80, protocol: TCP}]}
      - kind: Service
        metadata: {name: svc5, namespace: ns5}
        spec:
          type: LoadBalancer
          clusterIP: 172.30.0.45
          loadBalancerSourceRanges: [203.0.113.0/25]
          sessionAffinity: ClientIP
          ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3002}]
        status: {loadBalancer: {ingress: [{ip: 5.6.7.8}]}}
      - kind: Service
        metadata: {name: svc6, namespace: ns6}
        spec: {clusterIP: 172.30.0.46, ports: [{name: p80, port: 80, protocol: TCP}]}
      """;

  static final String SLICES = slice("ns1", "svc1", "10.180.0.1", "") + slice("ns2", "svc2", "10.180.0.2", "node2")
      + slice("ns3", "svc3", "10.180.0.3", "") + slice("ns4", "svc4", "10.180.0.4, 10.180.0.5", "")
      + slice("ns5", "svc5", "10.180.0.3", "");

  static String slices() {
    return "apiVersion: v1\nkind: List\nitems:\n" + SLICES;
  }

  static String slice(String ns, String svc, String ips, String node) {
    return """
        - kind: EndpointSlice
          apiVersion: discovery.k8s.io/v1
          metadata: {name: %2$s-x, namespace: %1$s, labels: {kubernetes.io/service-name: %2$s}}
          addressType: IPv4
          ports: [{name: p80, port: 80, protocol: TCP}]
          endpoints:
          - addresses: [%3$s]
            conditions: {ready: true}
            nodeName: %4$s
        """.formatted(ns, svc, ips, node.isEmpty() ? "node1" : node);
  }

  static final String NFT = read("nft/realworld/kube-proxy-test-TestOverallNFTablesRules.nft-transaction.txt");
  static final String IPTABLES = read("iptables/realworld/kube-proxy-test-TestOverallIPTablesRules.iptables-save.txt");
  static final String IPVS = read("ipvs/realworld/k8s-ipvs-README-ipvsadm-ln.txt");

  static String read(String rel) {
    try {
      return Files.readString(Path.of("src/test/resources/dev/packetwalk/parse/" + rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
