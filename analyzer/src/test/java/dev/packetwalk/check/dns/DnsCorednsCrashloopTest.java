package dev.packetwalk.check.dns;

import static dev.packetwalk.testing.FindingAsserts.cites;
import static dev.packetwalk.testing.FindingAsserts.one;
import static dev.packetwalk.testing.FindingAsserts.passed;
import static dev.packetwalk.testing.FindingAsserts.says;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Subject;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsCorednsCrashloopTest {
  static final String POD = """
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
          restartCount: 9
          state: {waiting: {reason: CrashLoopBackOff}}
          lastState: {terminated: {reason: Error, exitCode: 1}}
      """;
  static final String LOOP_LOG = """
      .:53
      [INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5
      CoreDNS-1.10.1
      linux/amd64, go1.20, 055b2c3
      [FATAL] plugin/loop: Loop (127.0.0.1:55953 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 4547991504243258144.3688648895315093531."
      """;
  static final String COREFILE = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: coredns, namespace: kube-system}
      data:
        Corefile: |
          .:53 {
              errors
              health
              kubernetes cluster.local in-addr.arpa ip6.arpa {
                 pods insecure
              }
              forward . /etc/resolv.conf
              cache 30
              loop
          }
      """;

  @Test
  void loopIsExplainedWithTheLogLineAndTheCorefileForwardLine() {
    Finding f = one(Fixtures.run(new DnsCorednsCrashloop(), Map.of("cluster/pods.json", POD,
        "logs/kube-system/coredns-5d78c9869d-7xk2p/coredns.previous.log", LOOP_LOG,
        "cluster/kube-system/configmaps.json", COREFILE)), "dns-coredns-crashloop");
    assertEquals(new Subject("Pod", "kube-system", "coredns-5d78c9869d-7xk2p", "node-1"), f.subject());
    cites(f, "logs/kube-system/coredns-5d78c9869d-7xk2p/coredns.previous.log:5", "plugin/loop: Loop");
    cites(f, "cluster/kube-system/configmaps.json:12", "forward . /etc/resolv.conf");
    says(f, "is crash-looping", "CrashLoopBackOff after 9 restarts", "forwarding loop", "systemd-resolved");
    assertTrue(f.remediation().contains("forward . /etc/resolv.conf"), f.remediation());
  }

  @Test
  void apiServerUnreachableFromTheCurrentLog() {
    String log = """
        [INFO] plugin/kubernetes: waiting for Kubernetes API before starting server
        [ERROR] plugin/kubernetes: pkg/mod/k8s.io/client-go@v0.27.4/tools/cache/reflector.go:231: Failed to watch *v1.Namespace: failed to list *v1.Namespace: Get "https://10.96.0.1:443/api/v1/namespaces?limit=500&resourceVersion=0": dial tcp 10.96.0.1:443: i/o timeout
        """;
    String notReady = POD.replace("restartCount: 9", "restartCount: 0")
        .replace("state: {waiting: {reason: CrashLoopBackOff}}", "state: {running: {}}")
        .replace("lastState: {terminated: {reason: Error, exitCode: 1}}", "lastState: {}");
    Finding f = one(Fixtures.run(new DnsCorednsCrashloop(), Map.of("cluster/pods.json", notReady,
        "logs/kube-system/coredns-5d78c9869d-7xk2p/coredns.log", log)), "dns-coredns-crashloop");
    cites(f, "logs/kube-system/coredns-5d78c9869d-7xk2p/coredns.log:2", "i/o timeout");
    says(f, "is not ready", "cannot reach the API server");
  }

  @Test
  void oomKilledWithoutALog() {
    Finding f = one(Fixtures.run(new DnsCorednsCrashloop(), Map.of("cluster/pods.json",
        POD.replace("reason: Error, exitCode: 1", "reason: OOMKilled, exitCode: 137"))), "dns-coredns-crashloop");
    cites(f, "cluster/pods.json:10");
    says(f, "OOMKilled", "memory limit");
  }

  @Test
  void healthyDnsPodPasses() {
    String healthy = POD.replace("status: \"False\"", "status: \"True\"").replace("ready: false", "ready: true")
        .replace("restartCount: 9", "restartCount: 0")
        .replace("state: {waiting: {reason: CrashLoopBackOff}}", "state: {running: {}}")
        .replace("lastState: {terminated: {reason: Error, exitCode: 1}}", "lastState: {}");
    passed(Fixtures.run(new DnsCorednsCrashloop(), Map.of("cluster/pods.json", healthy)));
  }
}
