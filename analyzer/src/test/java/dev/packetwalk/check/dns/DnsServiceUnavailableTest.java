package dev.packetwalk.check.dns;

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

class DnsServiceUnavailableTest {
  static final String KUBE_DNS = """
      apiVersion: v1
      kind: Service
      metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
      spec:
        clusterIP: 10.96.0.10
        selector:
          k8s-app: kube-dns
        ports:
        - {name: dns, port: 53, protocol: UDP}
        - {name: dns-tcp, port: 53, protocol: TCP}
      """;
  static final String COREDNS_PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: coredns-5d78c9869d-7xk2p, namespace: kube-system, labels: {k8s-app: kube-dns}}
      spec: {nodeName: node-1, containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.10.1}]}
      status:
        phase: Running
        podIP: 10.244.0.3
        conditions: [{type: Ready, status: "False"}]
        containerStatuses:
        - name: coredns
          ready: false
          restartCount: 12
          state: {waiting: {reason: CrashLoopBackOff}}
          lastState: {terminated: {reason: Error, exitCode: 1}}
      """;
  static final String EMPTY_ENDPOINTS = """
      apiVersion: v1
      kind: Endpoints
      metadata: {name: kube-dns, namespace: kube-system}
      subsets:
      - notReadyAddresses:
        - {ip: 10.244.0.3, targetRef: {kind: Pod, namespace: kube-system, name: coredns-5d78c9869d-7xk2p}}
      """;

  @Test
  void noReadyEndpointIsCriticalAndNamesThePodStates() {
    Finding f = one(Fixtures.run(new DnsServiceUnavailable(), Map.of("cluster/services.json", KUBE_DNS,
        "cluster/pods.json", COREDNS_PODS, "cluster/endpoints.json", EMPTY_ENDPOINTS)), "dns-service-unavailable");
    assertEquals(Severity.CRITICAL, f.severity());
    assertEquals(Subject.of("Service", "kube-system", "kube-dns"), f.subject());
    cites(f, "cluster/services.json:6");
    cites(f, "cluster/endpoints.json:6", "10.244.0.3");
    cites(f, "cluster/pods.json:10", "coredns");
    says(f, "ClusterIP 10.96.0.10", "every DNS query from every pod times out",
        "coredns-5d78c9869d-7xk2p container coredns is in CrashLoopBackOff after 12 restarts");
  }

  @Test
  void missingServiceIsCritical() {
    String other = KUBE_DNS.replace("name: kube-dns, namespace: kube-system", "name: metrics, namespace: kube-system")
        .replace("k8s-app: kube-dns\n", "k8s-app: metrics\n");
    Finding f = one(Fixtures.run(new DnsServiceUnavailable(), Map.of("cluster/services.json", other,
        "cluster/pods.json", COREDNS_PODS)), "dns-service-unavailable");
    cites(f, "cluster/services.json");
    says(f, "kube-system/kube-dns is missing", "DNS pods: coredns-5d78c9869d-7xk2p");
  }

  @Test
  void readyEndpointPasses() {
    passed(Fixtures.run(new DnsServiceUnavailable(), Map.of("cluster/services.json", KUBE_DNS,
        "cluster/pods.json", COREDNS_PODS,
        "cluster/endpoints.json", EMPTY_ENDPOINTS.replace("notReadyAddresses", "addresses"))));
  }
}
