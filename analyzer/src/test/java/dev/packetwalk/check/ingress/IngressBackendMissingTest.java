package dev.packetwalk.check.ingress;

import static dev.packetwalk.testing.FindingAsserts.cites;
import static dev.packetwalk.testing.FindingAsserts.found;
import static dev.packetwalk.testing.FindingAsserts.passed;
import static dev.packetwalk.testing.FindingAsserts.says;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Subject;
import dev.packetwalk.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressBackendMissingTest {
  static final String INGRESS = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: shop, namespace: shop}
      spec:
        ingressClassName: nginx
        rules:
        - host: shop.example.com
          http:
            paths:
            - path: /
              pathType: Prefix
              backend:
                service: {name: web, port: {number: 8080}}
            - path: /api
              pathType: Prefix
              backend:
                service: {name: api, port: {name: http}}
            - path: /cart
              pathType: Prefix
              backend:
                service: {name: cart, port: {number: 80}}
      """;
  static final String SERVICES = """
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: cart, namespace: shop}
      spec: {selector: {app: cart}, ports: [{name: http, port: 80, targetPort: 8080}]}
      """;
  static final String ENDPOINTS = """
      apiVersion: v1
      kind: Endpoints
      metadata: {name: web, namespace: shop}
      subsets: [{addresses: [{ip: 10.244.1.4}], ports: [{name: http, port: 8080}]}]
      ---
      apiVersion: v1
      kind: Endpoints
      metadata: {name: cart, namespace: shop}
      subsets: [{notReadyAddresses: [{ip: 10.244.1.9}], ports: [{name: http, port: 8080}]}]
      """;

  @Test
  void oneFindingPerBrokenBackend() {
    List<Finding> fs = found(Fixtures.run(new IngressBackendMissing(), Map.of("cluster/ingresses.json", INGRESS,
        "cluster/services.json", SERVICES, "cluster/endpoints.json", ENDPOINTS)), "ingress-backend-missing", 3);
    fs.forEach(f -> assertEquals(Subject.of("Ingress", "shop", "shop"), f.subject()));
    Finding port = byBackend(fs, "web:8080");
    cites(port, "cluster/ingresses.json:12");
    says(port, "routes to port 8080 of Service shop/web, which exposes http:80/TCP", "503");
    Finding missing = byBackend(fs, "api:http");
    cites(missing, "cluster/ingresses.json:16");
    says(missing, "Service shop/api, which does not exist");
    Finding notReady = byBackend(fs, "cart:80");
    cites(notReady, "cluster/ingresses.json:20");
    says(notReady, "Service shop/cart, which has no ready endpoint");
  }

  @Test
  void healthyBackendsPass() {
    String ok = INGRESS.replace("port: {number: 8080}", "port: {number: 80}")
        .replace("service: {name: api, port: {name: http}}", "service: {name: web, port: {name: http}}");
    passed(Fixtures.run(new IngressBackendMissing(), Map.of("cluster/ingresses.json", ok,
        "cluster/services.json", SERVICES,
        "cluster/endpoints.json", ENDPOINTS.replace("notReadyAddresses", "addresses"))));
  }

  private static Finding byBackend(List<Finding> fs, String backend) {
    return fs.stream().filter(f -> f.title().contains("backend " + backend + " ")).findFirst().orElseThrow(
        () -> new AssertionError("no finding for " + backend + " in " + fs));
  }
}
