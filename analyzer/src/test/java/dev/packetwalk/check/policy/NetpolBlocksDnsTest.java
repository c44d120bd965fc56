package dev.packetwalk.check.policy;

import static dev.packetwalk.check.CheckAssertions.cites;
import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.CheckAssertions.subject;
import static dev.packetwalk.check.policy.PolicyFixtures.NPFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import org.junit.jupiter.api.Test;

class NetpolBlocksDnsTest {

  @Test
  void defaultDenyEgressBlocksBothProtocols() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-egress, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Egress]
        """;
    Finding f = single(Fixtures.run(new NetpolBlocksDns(), PolicyFixtures.with(policies)));
    assertEquals("netpol-blocks-dns", f.checkId());
    assertEquals(Severity.ERROR, f.severity());
    subject(f, "NetworkPolicy", "shop", "default-deny-egress");
    explains(f, "UDP 53 and TCP 53", "checkout-5c4d-zt8kq, web-7d9f8c6b5-x2x4q", "shop/default-deny-egress",
        "coredns-76f75df574-8kq2n");
    cites(f, NPFILE, policies, "podSelector: {}");
    cites(f, "cluster/services.json", PolicyFixtures.SERVICES, "{name: dns-tcp, port: 53");
  }

  @Test
  void udpOnlyBreaksLargeAnswers() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: checkout-egress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: checkout}}
          policyTypes: [Egress]
          egress:
          - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
            ports: [{protocol: UDP, port: 53}]
        """;
    Finding f = single(Fixtures.run(new NetpolBlocksDns(), PolicyFixtures.with(policies)));
    subject(f, "NetworkPolicy", "shop", "checkout-egress");
    explains(f, "blocks DNS (TCP 53)", "UDP 53 is allowed but TCP 53 is not", "truncated", "checkout-5c4d-zt8kq");
    cites(f, NPFILE, policies, "podSelector: {matchLabels: {app: checkout}}");
  }

  @Test
  void namedTargetPortOfTheDnsPodIsHonoured() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: checkout-egress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: checkout}}
          policyTypes: [Egress]
          egress:
          - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
            ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: dns-tcp}]
        """;
    noFindings(Fixtures.run(new NetpolBlocksDns(), PolicyFixtures.with(policies)));
  }

  @Test
  void withoutDnsPodsTheClusterIpIsEvaluatedAndSaidSo() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: checkout-egress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: checkout}}
          policyTypes: [Egress]
          egress:
          - to: [{ipBlock: {cidr: 10.96.0.10/32}}]
            ports: [{protocol: UDP, port: 53}]
        """;
    var files = PolicyFixtures.with(policies);
    files.put("cluster/pods.json", PolicyFixtures.PODS.replace("k8s-app: kube-dns}", "k8s-app: other}"));
    Finding f = single(Fixtures.run(new NetpolBlocksDns(), files));
    explains(f, "ClusterIP 10.96.0.10", "evaluated as an IP peer", "TCP 53");
  }
}
