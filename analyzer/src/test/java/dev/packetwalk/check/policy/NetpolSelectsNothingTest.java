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

class NetpolSelectsNothingTest {

  @Test
  void typoInPodSelectorNamesTheNearestLabel() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-ingress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: wbe}}
          ingress:
          - from: [{podSelector: {matchLabels: {app: checkout}}}]
        """;
    Finding f = single(Fixtures.run(new NetpolSelectsNothing(), PolicyFixtures.with(policies)));
    assertEquals("netpol-selects-nothing", f.checkId());
    assertEquals(Severity.WARNING, f.severity());
    subject(f, "NetworkPolicy", "shop", "web-ingress");
    explains(f, "selects no pod", "app=wbe", "nearest existing pod label: app=web", "protects nothing");
    cites(f, NPFILE, policies, "podSelector: {matchLabels: {app: wbe}}");
  }

  @Test
  void peerThatAllowsNobody() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-ingress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingres-nginx}}
        """;
    Finding f = single(Fixtures.run(new NetpolSelectsNothing(), PolicyFixtures.with(policies)));
    subject(f, "NetworkPolicy", "shop", "web-ingress");
    explains(f, "ingress rule 0, peer 0", "matches no namespace", "kubernetes.io/metadata.name=ingress-nginx",
        "allows no traffic");
    cites(f, NPFILE, policies, "- namespaceSelector:");
  }

  @Test
  void matchingSelectorsAndDefaultDenyInAnEmptyNamespaceAreFine() {
    String policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-ingress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
              podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}
            - ipBlock: {cidr: 192.0.2.0/24}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: empty}
        spec:
          podSelector: {}
        """;
    noFindings(Fixtures.run(new NetpolSelectsNothing(), PolicyFixtures.with(policies)));
  }
}
