package dev.packetwalk.check.ingress;

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

class IngressClassMissingTest {
  static final String CLASSES = """
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata: {name: nginx}
      spec: {controller: k8s.io/ingress-nginx}
      """;

  static String ingress(String classLine) {
    return """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          %s
          defaultBackend: {service: {name: web, port: {number: 80}}}
        """.formatted(classLine);
  }

  @Test
  void unknownClassNameIsAnError() {
    Finding f = one(Fixtures.run(new IngressClassMissing(), Map.of("cluster/ingressclasses.json", CLASSES,
        "cluster/ingresses.json", ingress("ingressClassName: traefik"))), "ingress-class-missing");
    assertEquals(Severity.ERROR, f.severity());
    assertEquals(Subject.of("Ingress", "shop", "shop"), f.subject());
    cites(f, "cluster/ingresses.json:5", "traefik");
    cites(f, "cluster/ingressclasses.json");
    says(f, "asks for class 'traefik'", "the IngressClasses are nginx");
  }

  @Test
  void noClassAndNoDefaultIsAWarning() {
    Finding f = one(Fixtures.run(new IngressClassMissing(), Map.of("cluster/ingressclasses.json", CLASSES,
        "cluster/ingresses.json", ingress("rules: []"))), "ingress-class-missing");
    assertEquals(Severity.WARNING, f.severity());
    says(f, "no IngressClass is marked", "--watch-ingress-without-class");
  }

  @Test
  void existingOrDefaultClassPasses() {
    passed(Fixtures.run(new IngressClassMissing(), Map.of("cluster/ingressclasses.json", CLASSES,
        "cluster/ingresses.json", ingress("ingressClassName: nginx"))));
    String dflt = CLASSES.replace("metadata: {name: nginx}",
        "metadata: {name: nginx, annotations: {ingressclass.kubernetes.io/is-default-class: \"true\"}}");
    passed(Fixtures.run(new IngressClassMissing(), Map.of("cluster/ingressclasses.json", dflt,
        "cluster/ingresses.json", ingress("rules: []"))));
  }

  @Test
  void withoutIngressClassesItCannotDecide() {
    insufficient(Fixtures.run(new IngressClassMissing(), Map.of("cluster/ingresses.json",
        ingress("ingressClassName: nginx"))));
  }
}
