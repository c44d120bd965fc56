package dev.packetwalk.check.service;

import static dev.packetwalk.testing.FindingAsserts.cites;
import static dev.packetwalk.testing.FindingAsserts.insufficient;
import static dev.packetwalk.testing.FindingAsserts.one;
import static dev.packetwalk.testing.FindingAsserts.passed;
import static dev.packetwalk.testing.FindingAsserts.says;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Subject;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSelectorNoMatchTest {
  static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: api-7d9f8c-x2k4p, namespace: shop, labels: {app: api, tier: backend}}
      spec:
        nodeName: node-1
        containers: [{name: api, image: shop/api:1.4, ports: [{name: http, containerPort: 8080}]}]
      status:
        phase: Running
        podIP: 10.244.1.5
        conditions: [{type: Ready, status: "True"}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web-5c6d7-q8r9s, namespace: shop, labels: {app: web}}
      spec:
        nodeName: node-2
        containers: [{name: web, image: shop/web:2.0}]
      status: {phase: Running, podIP: 10.244.2.7}
      """;

  static String service(String selector) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec:
          type: ClusterIP
          selector: %s
          ports: [{name: http, port: 80, targetPort: http}]
        """.formatted(selector);
  }

  @Test
  void namesTheNearestPodAndTheLabelThatDiffers() {
    var r = Fixtures.run(new ServiceSelectorNoMatch(), Map.of("cluster/pods.json", PODS,
        "cluster/services.json", service("{app: api-server, tier: backend}")));
    Finding f = one(r, "service-selector-no-match");
    assertEquals(Subject.of("Service", "shop", "api"), f.subject());
    cites(f, "cluster/services.json:6", "api-server");
    cites(f, "cluster/pods.json:1");
    says(f, "app=api-server", "api-7d9f8c-x2k4p", "matches 1 of 2", "selector app=api-server but the pod has app=api");
  }

  @Test
  void pointsAtMatchingPodsInAnotherNamespace() {
    String elsewhere = PODS.replace("namespace: shop, labels: {app: api,", "namespace: shop-staging, labels: {app: api,");
    var r = Fixtures.run(new ServiceSelectorNoMatch(), Map.of("cluster/pods.json", elsewhere,
        "cluster/services.json", service("{app: api}")));
    Finding f = one(r, "service-selector-no-match");
    says(f, "shop-staging/api-7d9f8c-x2k4p matches the selector but is in another namespace");
  }

  @Test
  void matchingSelectorPasses() {
    passed(Fixtures.run(new ServiceSelectorNoMatch(), Map.of("cluster/pods.json", PODS,
        "cluster/services.json", service("{app: api}"))));
  }

  @Test
  void selectorlessAndExternalNameServicesAreSkipped() {
    String svcs = """
        apiVersion: v1
        kind: Service
        metadata: {name: legacy-db, namespace: shop}
        spec: {ports: [{port: 5432}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: payments, namespace: shop}
        spec: {type: ExternalName, externalName: pay.example.com, selector: {app: nothing}}
        """;
    passed(Fixtures.run(new ServiceSelectorNoMatch(), Map.of("cluster/pods.json", PODS, "cluster/services.json", svcs)));
  }

  @Test
  void withoutPodsItCannotDecide() {
    insufficient(Fixtures.run(new ServiceSelectorNoMatch(), Map.of("cluster/services.json", service("{app: x}"))));
  }
}
