package dev.packetwalk.check.policy;

import static dev.packetwalk.check.CheckAssertions.cites;
import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.CheckAssertions.subject;
import static dev.packetwalk.check.policy.PolicyFixtures.NPFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import org.junit.jupiter.api.Test;

class NetpolPodIsolatedTest {
  static final String POLICIES = """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: default-deny-ingress, namespace: shop}
      spec:
        podSelector: {}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: checkout-egress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: checkout}}
        policyTypes: [Egress]
        egress:
        - to: [{podSelector: {matchLabels: {app: web}}}]
      """;

  @Test
  void listsIsolatedPodsPerNamespaceWithTheirPolicies() {
    Finding f = single(Fixtures.run(new NetpolPodIsolated(), PolicyFixtures.with(POLICIES)));
    assertEquals("netpol-pod-isolated", f.checkId());
    assertEquals(Severity.INFO, f.severity());
    subject(f, "Namespace", "", "shop");
    explains(f, "2 pod(s)", "checkout-5c4d-zt8kq: ingress by default-deny-ingress; egress by checkout-egress",
        "web-7d9f8c6b5-x2x4q: ingress by default-deny-ingress");
    cites(f, NPFILE, POLICIES, "podSelector: {matchLabels: {app: checkout}}");
    cites(f, NPFILE, POLICIES, "podSelector: {}");
  }

  @Test
  void nothingWhenNoPolicySelectsAPod() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: for-gone-app, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: gone}}
        """;
    noFindings(Fixtures.run(new NetpolPodIsolated(), PolicyFixtures.with(policies)));
  }

  @Test
  void insufficientWithoutPolicies() {
    var files = PolicyFixtures.with("");
    files.remove(NPFILE);
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new NetpolPodIsolated(), files).status());
  }
}
