package dev.packetwalk.check.policy;

import static dev.packetwalk.check.CheckAssertions.cites;
import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.CheckAssertions.subject;
import static dev.packetwalk.check.policy.PolicyFixtures.NPFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Seed 003: a project's policy allows traffic out but not in, so the controller in another workspace is dropped. */
class NetpolBlocksIngressControllerTest {

  @Test
  void sameNamespaceOnlyPolicyKeepsTheControllerOut() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: project-isolation, namespace: shop}
        spec:
          podSelector: {}
          ingress:
          - from: [{podSelector: {}}]
        """;
    Finding f = single(Fixtures.run(new NetpolBlocksIngressController(), PolicyFixtures.with(policies)));
    assertEquals("netpol-blocks-ingress-controller", f.checkId());
    assertEquals(Severity.ERROR, f.severity());
    subject(f, "Service", "shop", "web");
    explains(f, "Ingress shop/shop", "namespace ingress-nginx", "web-7d9f8c6b5-x2x4q", "shop/project-isolation",
        "8080/TCP", "502");
    cites(f, NPFILE, policies, "podSelector: {}");
    cites(f, "cluster/ingresses.json", PolicyFixtures.INGRESSES, "backend:");
    assertTrue(f.remediation().contains("kubernetes.io/metadata.name: ingress-nginx"), f.remediation());
  }

  @Test
  void ruleAdmittingTheControllerNamespaceOnTheNamedTargetPort() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: project-isolation, namespace: shop}
        spec:
          podSelector: {}
          ingress:
          - from: [{podSelector: {}}]
          - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
            ports: [{port: http}]
        """;
    noFindings(Fixtures.run(new NetpolBlocksIngressController(), PolicyFixtures.with(policies)));
  }

  @Test
  void ruleOnTheServicePortInsteadOfThePodPortStillBlocks() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-from-ingress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
            ports: [{port: 80}]
        """;
    Finding f = single(Fixtures.run(new NetpolBlocksIngressController(), PolicyFixtures.with(policies)));
    explains(f, "shop/web-from-ingress", "pod port 8080/TCP");
  }
}
