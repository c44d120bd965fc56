package dev.packetwalk.check.service;

import static dev.packetwalk.testing.FindingAsserts.cites;
import static dev.packetwalk.testing.FindingAsserts.one;
import static dev.packetwalk.testing.FindingAsserts.passed;
import static dev.packetwalk.testing.FindingAsserts.says;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiserverEndpointsMissingTest {
  static final String KUBERNETES = """
      apiVersion: v1
      kind: Service
      metadata: {name: kubernetes, namespace: default, labels: {component: apiserver, provider: kubernetes}}
      spec:
        type: ClusterIP
        clusterIP: 10.96.0.1
        ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]
      """;

  @Test
  void emptyEndpointsAreCritical() {
    String eps = """
        apiVersion: v1
        kind: Endpoints
        metadata: {name: kubernetes, namespace: default}
        subsets: []
        """;
    Finding f = one(Fixtures.run(new ApiserverEndpointsMissing(), Map.of("cluster/services.json", KUBERNETES,
        "cluster/endpoints.json", eps)), "apiserver-endpoints-missing");
    assertEquals(Severity.CRITICAL, f.severity());
    assertEquals(Subject.of("Service", "default", "kubernetes"), f.subject());
    cites(f, "cluster/endpoints.json:1");
    cites(f, "cluster/services.json:1");
    says(f, "ClusterIP 10.96.0.1", "no ready endpoint address", "CoreDNS cannot list Services");
  }

  @Test
  void missingServiceCitesTheServiceList() {
    String other = KUBERNETES.replace("name: kubernetes, namespace: default", "name: web, namespace: default");
    Finding f = one(Fixtures.run(new ApiserverEndpointsMissing(), Map.of("cluster/services.json", other,
        "cluster/endpoints.json", "{\"kind\": \"EndpointsList\", \"items\": []}")), "apiserver-endpoints-missing");
    cites(f, "cluster/services.json");
    says(f, "is missing", "KUBERNETES_SERVICE_HOST");
  }

  @Test
  void readyApiserverEndpointPasses() {
    String eps = """
        apiVersion: v1
        kind: Endpoints
        metadata: {name: kubernetes, namespace: default}
        subsets: [{addresses: [{ip: 172.18.30.38}], ports: [{name: https, port: 6443}]}]
        """;
    passed(Fixtures.run(new ApiserverEndpointsMissing(), Map.of("cluster/services.json", KUBERNETES,
        "cluster/endpoints.json", eps)));
  }
}
