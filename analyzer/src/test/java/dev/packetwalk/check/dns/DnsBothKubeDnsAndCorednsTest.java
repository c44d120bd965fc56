package dev.packetwalk.check.dns;

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

class DnsBothKubeDnsAndCorednsTest {
  static final String COREDNS = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
      spec:
        replicas: 2
        selector: {matchLabels: {k8s-app: kube-dns}}
        template:
          metadata: {labels: {k8s-app: kube-dns}}
          spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.10.1}]}
      status: {readyReplicas: 2}
      """;
  static final String KUBE_DNS = """
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
      spec:
        replicas: 1
        selector: {matchLabels: {k8s-app: kube-dns}}
        template:
          metadata: {labels: {k8s-app: kube-dns}}
          spec:
            containers:
            - {name: kubedns, image: k8s.gcr.io/k8s-dns-kube-dns-amd64:1.14.13}
            - {name: dnsmasq, image: k8s.gcr.io/k8s-dns-dnsmasq-nanny-amd64:1.14.13}
      status: {readyReplicas: 1}
      """;

  @Test
  void bothRunningIsReported() {
    Finding f = one(Fixtures.run(new DnsBothKubeDnsAndCoredns(), Map.of("cluster/kube-system/deployments.json",
        COREDNS + KUBE_DNS)), "dns-both-kube-dns-and-coredns");
    assertEquals(Subject.of("Deployment", "kube-system", "kube-dns"), f.subject());
    cites(f, "cluster/kube-system/deployments.json:1");
    cites(f, "cluster/kube-system/deployments.json:12");
    says(f, "Deployment kube-system/kube-dns runs the legacy kube-dns server",
        "Deployment kube-system/coredns runs CoreDNS", "depending on which pod answers");
  }

  @Test
  void coreDnsAloneUnderTheKubeDnsNamePasses() {
    passed(Fixtures.run(new DnsBothKubeDnsAndCoredns(), Map.of("cluster/kube-system/deployments.json",
        COREDNS.replace("name: coredns, namespace", "name: kube-dns, namespace"))));
  }

  @Test
  void aScaledDownKubeDnsPasses() {
    passed(Fixtures.run(new DnsBothKubeDnsAndCoredns(), Map.of("cluster/kube-system/deployments.json",
        COREDNS + KUBE_DNS.replace("readyReplicas: 1", "readyReplicas: 0"))));
  }
}
