package dev.packetwalk.check.service;

import static dev.packetwalk.testing.FindingAsserts.cites;
import static dev.packetwalk.testing.FindingAsserts.insufficient;
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

class EndpointsStaleTest {
  static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata: {name: cart, namespace: shop}
      spec: {selector: {app: cart}, ports: [{port: 80, targetPort: 8080}]}
      """;
  static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: cart-a, namespace: shop, labels: {app: cart}}
      spec: {nodeName: node-1, containers: [{name: cart, image: shop/cart:3}]}
      status: {phase: Running, podIP: 10.244.1.20, conditions: [{type: Ready, status: "True"}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: cart-b, namespace: shop, labels: {app: cart}}
      spec: {nodeName: node-2, containers: [{name: cart, image: shop/cart:3}]}
      status: {phase: Running, podIP: 10.244.2.21, conditions: [{type: Ready, status: "True"}]}
      """;
  static final String CONSISTENT = """
      apiVersion: v1
      kind: Endpoints
      metadata: {name: cart, namespace: shop}
      subsets:
      - addresses:
        - {ip: 10.244.1.20, targetRef: {kind: Pod, namespace: shop, name: cart-a}}
        - {ip: 10.244.2.21, targetRef: {kind: Pod, namespace: shop, name: cart-b}}
        ports: [{port: 8080}]
      """;

  @Test
  void addressOfAGonePodIsAnError() {
    String stale = CONSISTENT.replace("{ip: 10.244.2.21, targetRef: {kind: Pod, namespace: shop, name: cart-b}}",
        "{ip: 10.244.3.99, targetRef: {kind: Pod, namespace: shop, name: cart-old-7x}}");
    var r = Fixtures.run(new EndpointsStale(), Map.of("cluster/services.json", SERVICE, "cluster/pods.json", PODS,
        "cluster/endpoints.json", stale));
    Finding f = one(r, "endpoints-stale");
    assertEquals(Severity.ERROR, f.severity());
    assertEquals(Subject.of("Service", "shop", "cart"), f.subject());
    cites(f, "cluster/endpoints.json:7", "10.244.3.99");
    says(f, "address 10.244.3.99 (pod cart-old-7x) points at a pod that no longer exists",
        "ready pod cart-b (10.244.2.21) is missing from the endpoints");
  }

  @Test
  void endpointsAndSlicesDisagreeingOnTheReadySet() {
    String slice = """
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: cart-x7f2q, namespace: shop, labels: {kubernetes.io/service-name: cart}}
        addressType: IPv4
        endpoints:
        - addresses: [10.244.1.20]
          conditions: {ready: true}
          targetRef: {kind: Pod, namespace: shop, name: cart-a}
        - addresses: [10.244.2.21]
          conditions: {ready: false}
          targetRef: {kind: Pod, namespace: shop, name: cart-b}
        ports: [{port: 8080}]
        """;
    Finding f = one(Fixtures.run(new EndpointsStale(), Map.of("cluster/services.json", SERVICE,
        "cluster/pods.json", PODS, "cluster/endpoints.json", CONSISTENT, "cluster/endpointslices.json", slice)),
        "endpoints-stale");
    assertEquals(Severity.WARNING, f.severity());
    cites(f, "cluster/endpointslices.json:1");
    says(f, "the Endpoints object lists ready [10.244.1.20, 10.244.2.21] but the EndpointSlices list ready "
        + "[10.244.1.20]");
  }

  @Test
  void readyAddressOfAnUnreadyPod() {
    String pods = PODS.replace("podIP: 10.244.2.21, conditions: [{type: Ready, status: \"True\"}]",
        "podIP: 10.244.2.21, conditions: [{type: Ready, status: \"False\"}]");
    Finding f = one(Fixtures.run(new EndpointsStale(), Map.of("cluster/services.json", SERVICE,
        "cluster/pods.json", pods, "cluster/endpoints.json", CONSISTENT)), "endpoints-stale");
    assertEquals(Severity.WARNING, f.severity());
    cites(f, "cluster/pods.json:11", "Ready");
    says(f, "is listed ready, but the pod is not ready");
  }

  @Test
  void consistentEndpointsPass() {
    passed(Fixtures.run(new EndpointsStale(), Map.of("cluster/services.json", SERVICE, "cluster/pods.json", PODS,
        "cluster/endpoints.json", CONSISTENT)));
  }

  @Test
  void withoutEndpointDataItCannotDecide() {
    insufficient(Fixtures.run(new EndpointsStale(), Map.of("cluster/services.json", SERVICE,
        "cluster/pods.json", PODS)));
  }
}
