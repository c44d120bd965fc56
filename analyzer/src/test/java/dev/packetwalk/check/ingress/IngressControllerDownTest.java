package dev.packetwalk.check.ingress;

import static dev.packetwalk.testing.FindingAsserts.cites;
import static dev.packetwalk.testing.FindingAsserts.insufficient;
import static dev.packetwalk.testing.FindingAsserts.one;
import static dev.packetwalk.testing.FindingAsserts.passed;
import static dev.packetwalk.testing.FindingAsserts.says;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Subject;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressControllerDownTest {
  static final String CLASSES = """
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata: {name: nginx}
      spec: {controller: k8s.io/ingress-nginx}
      """;
  static final String INGRESS = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: shop, namespace: shop}
      spec: {ingressClassName: nginx, defaultBackend: {service: {name: web, port: {number: 80}}}}
      """;
  static final String CONTROLLER = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: ingress-nginx-controller-7d4db76476-xq2zp
        namespace: ingress-nginx
        labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
      spec:
        nodeName: node-1
        hostNetwork: true
        containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.9.4
          ports: [{name: http, containerPort: 80}, {name: https, containerPort: 443}]
      status:
        phase: Running
        conditions: [{type: Ready, status: "False"}]
        containerStatuses:
        - name: controller
          ready: false
          restartCount: 31
          state: {waiting: {reason: CrashLoopBackOff}}
          lastState: {terminated: {reason: Error, exitCode: 255}}
      """;

  @Test
  void crashLoopingControllerIsReported() {
    Finding f = one(Fixtures.run(new IngressControllerDown(), Map.of("cluster/ingressclasses.json", CLASSES,
        "cluster/ingresses.json", INGRESS, "cluster/pods.json", CONTROLLER)), "ingress-controller-down");
    assertEquals(Subject.of("IngressClass", "", "nginx"), f.subject());
    assertEquals(Layer.ADDONS, f.layer());
    cites(f, "cluster/ingressclasses.json:1");
    cites(f, "cluster/pods.json:18", "controller");
    cites(f, "cluster/ingresses.json:4");
    says(f, "controller k8s.io/ingress-nginx (ingress-nginx)",
        "ingress-nginx/ingress-nginx-controller-7d4db76476-xq2zp container controller is in CrashLoopBackOff",
        "shop/shop");
  }

  @Test
  void aReadyControllerPasses() {
    String ready = CONTROLLER.replace("status: \"False\"", "status: \"True\"").replace("ready: false", "ready: true")
        .replace("state: {waiting: {reason: CrashLoopBackOff}}", "state: {running: {}}");
    passed(Fixtures.run(new IngressControllerDown(), Map.of("cluster/ingressclasses.json", CLASSES,
        "cluster/ingresses.json", INGRESS, "cluster/pods.json", ready)));
  }

  @Test
  void anUnknownControllerIsInsufficientInfoNotAFinding() {
    String custom = CLASSES.replace("k8s.io/ingress-nginx", "example.com/in-house-proxy");
    insufficient(Fixtures.run(new IngressControllerDown(), Map.of("cluster/ingressclasses.json", custom,
        "cluster/ingresses.json", INGRESS, "cluster/pods.json", CONTROLLER)));
  }
}
