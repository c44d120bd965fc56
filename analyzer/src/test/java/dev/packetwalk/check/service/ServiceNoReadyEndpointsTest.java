package dev.packetwalk.check.service;

import static dev.packetwalk.testing.FindingAsserts.cites;
import static dev.packetwalk.testing.FindingAsserts.one;
import static dev.packetwalk.testing.FindingAsserts.passed;
import static dev.packetwalk.testing.FindingAsserts.says;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Subject;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceNoReadyEndpointsTest {
  static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata: {name: api, namespace: shop}
      spec:
        selector: {app: api}
        ports: [{name: http, port: 80, targetPort: 8080}]
      """;
  static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: api-1, namespace: shop, labels: {app: api}}
      spec:
        nodeName: node-1
        containers: [{name: api, image: shop/api:1.4, ports: [{containerPort: 8080}]}]
      status:
        phase: Running
        podIP: 10.244.1.5
        conditions: [{type: Ready, status: "False", reason: ContainersNotReady}]
        containerStatuses: [{name: api, ready: false, restartCount: 0, state: {running: {}}}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: api-2, namespace: shop, labels: {app: api}}
      spec:
        nodeName: node-2
        containers: [{name: api, image: shop/api:1.4, ports: [{containerPort: 8080}]}]
      status:
        phase: Running
        podIP: 10.244.2.9
        conditions: [{type: Ready, status: "False"}]
        containerStatuses:
        - name: api
          ready: false
          restartCount: 7
          state: {waiting: {reason: CrashLoopBackOff}}
          lastState: {terminated: {reason: Error, exitCode: 1}}
      """;
  static final String ENDPOINTS = """
      apiVersion: v1
      kind: Endpoints
      metadata: {name: api, namespace: shop}
      subsets:
      - notReadyAddresses:
        - {ip: 10.244.1.5, nodeName: node-1, targetRef: {kind: Pod, namespace: shop, name: api-1}}
        - {ip: 10.244.2.9, nodeName: node-2, targetRef: {kind: Pod, namespace: shop, name: api-2}}
        ports: [{name: http, port: 8080}]
      """;
  static final String EVENTS = """
      apiVersion: v1
      kind: Event
      metadata: {name: api-1.17a, namespace: shop}
      involvedObject: {kind: Pod, namespace: shop, name: api-1}
      type: Warning
      reason: Unhealthy
      message: "Readiness probe failed: HTTP probe failed with statuscode: 503"
      count: 42
      """;

  @Test
  void saysWhyEachPodIsNotReady() {
    var r = Fixtures.run(new ServiceNoReadyEndpoints(), Map.of("cluster/services.json", SERVICE,
        "cluster/pods.json", PODS, "cluster/endpoints.json", ENDPOINTS, "cluster/events.json", EVENTS));
    Finding f = one(r, "service-no-ready-endpoints");
    assertEquals(Subject.of("Service", "shop", "api"), f.subject());
    cites(f, "cluster/services.json:5", "app");
    cites(f, "cluster/endpoints.json:6", "10.244.1.5");
    cites(f, "cluster/events.json:1");
    says(f, "selects 2 pod(s), but none is ready",
        "api-1 container api is running but not ready; readiness probe failing: Readiness probe failed: HTTP probe "
            + "failed with statuscode: 503 (x42)",
        "api-2 container api is in CrashLoopBackOff after 7 restarts, last terminated Error (exit code 1)");
  }

  @Test
  void withoutEndpointsItJudgesByThePods() {
    var r = Fixtures.run(new ServiceNoReadyEndpoints(), Map.of("cluster/services.json", SERVICE,
        "cluster/pods.json", PODS));
    says(one(r, "service-no-ready-endpoints"), "CrashLoopBackOff");
  }

  @Test
  void oneReadyEndpointIsEnough() {
    String ready = ENDPOINTS.replace("- notReadyAddresses:", "- addresses:");
    passed(Fixtures.run(new ServiceNoReadyEndpoints(), Map.of("cluster/services.json", SERVICE,
        "cluster/pods.json", PODS.replaceFirst("\"False\", reason: ContainersNotReady", "\"True\""),
        "cluster/endpoints.json", ready)));
  }

  @Test
  void aServiceSelectingNothingIsLeftToTheSelectorCheck() {
    passed(Fixtures.run(new ServiceNoReadyEndpoints(), Map.of("cluster/services.json",
        SERVICE.replace("{app: api}", "{app: api-server}"), "cluster/pods.json", PODS)));
  }
}
