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

class ServiceTargetPortMismatchTest {
  static String service(String targetPort) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          selector: {app: web}
          ports:
          - name: http
            port: 80
            targetPort: %s
        """.formatted(targetPort);
  }

  static String pod(String name, String ports) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: shop, labels: {app: web}}
        spec:
          nodeName: node-1
          containers:
          - name: nginx
            image: nginx:1.25
            ports: %s
        status: {phase: Running, podIP: 10.244.1.8, conditions: [{type: Ready, status: "True"}]}
        """.formatted(name, ports);
  }

  @Test
  void numericTargetPortThatEveryPodDeclaresOtherwiseIsAnError() {
    var r = Fixtures.run(new ServiceTargetPortMismatch(), Map.of("cluster/services.json", service("8080"),
        "cluster/pods.json", pod("web-1", "[{name: http, containerPort: 80}]")));
    Finding f = one(r, "service-target-port-mismatch");
    assertEquals(Severity.ERROR, f.severity());
    assertEquals(Subject.of("Service", "shop", "web"), f.subject());
    cites(f, "cluster/services.json:7");
    cites(f, "cluster/pods.json:9");
    says(f, "forwards to port 8080", "web-1: http=80/TCP", "undeclared port can still listen");
  }

  @Test
  void numericTargetPortIsOnlyAWarningWhenSomePodsDeclareNothing() {
    String pods = pod("web-1", "[{containerPort: 80}]") + "---\n" + pod("web-2", "[]");
    Finding f = one(Fixtures.run(new ServiceTargetPortMismatch(), Map.of("cluster/services.json", service("8080"),
        "cluster/pods.json", pods)), "service-target-port-mismatch");
    assertEquals(Severity.WARNING, f.severity());
    says(f, "1 selected pod(s) declare no ports at all");
  }

  @Test
  void namedTargetPortNoPodDefinesIsAnError() {
    Finding f = one(Fixtures.run(new ServiceTargetPortMismatch(), Map.of("cluster/services.json",
        service("web-http"), "cluster/pods.json", pod("web-1", "[{name: http, containerPort: 80}]"))),
        "service-target-port-mismatch");
    assertEquals(Severity.ERROR, f.severity());
    says(f, "named port 'web-http'", "none of the selected pods defines", "no endpoint port");
  }

  @Test
  void matchingPortsPass() {
    passed(Fixtures.run(new ServiceTargetPortMismatch(), Map.of("cluster/services.json", service("http"),
        "cluster/pods.json", pod("web-1", "[{name: http, containerPort: 80}]"))));
    passed(Fixtures.run(new ServiceTargetPortMismatch(), Map.of("cluster/services.json", service("80"),
        "cluster/pods.json", pod("web-1", "[{name: http, containerPort: 80}]"))));
  }

  @Test
  void podsThatDeclareNoPortsAreNotJudgedForNumericTargets() {
    passed(Fixtures.run(new ServiceTargetPortMismatch(), Map.of("cluster/services.json", service("8080"),
        "cluster/pods.json", pod("web-1", "[]"))));
  }
}
