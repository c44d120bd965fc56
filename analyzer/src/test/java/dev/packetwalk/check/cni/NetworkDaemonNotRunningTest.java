package dev.packetwalk.check.cni;

import static dev.packetwalk.check.CheckAssertions.cites;
import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.CheckAssertions.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed 002: flannel in Init:CrashLoopBackOff because SELinux keeps install-cni from writing /etc/cni/net.d. */
class NetworkDaemonNotRunningTest {
  static final String PODS = """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Pod
        metadata:
          name: kube-flannel-ds-jpp96
          namespace: kube-system
          labels: {app: flannel}
          ownerReferences: [{kind: DaemonSet, name: kube-flannel-ds, controller: true}]
        spec:
          nodeName: node-1
          hostNetwork: true
          initContainers:
          - {name: install-cni, image: docker.io/flannel/flannel:v0.24.2}
          containers:
          - {name: kube-flannel, image: docker.io/flannel/flannel:v0.24.2}
        status:
          phase: Pending
          initContainerStatuses:
          - name: install-cni
            ready: false
            restartCount: 4
            state: {waiting: {reason: CrashLoopBackOff}}
            lastState: {terminated: {reason: Error, exitCode: 1}}
          containerStatuses:
          - {name: kube-flannel, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
      - apiVersion: v1
        kind: Pod
        metadata:
          name: kube-proxy-7xk2p
          namespace: kube-system
          ownerReferences: [{kind: DaemonSet, name: kube-proxy, controller: true}]
        spec:
          nodeName: node-1
          hostNetwork: true
          containers:
          - {name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.29.2}
        status:
          phase: Running
          conditions: [{type: Ready, status: "True"}]
          containerStatuses:
          - {name: kube-proxy, ready: true, restartCount: 0, state: {running: {startedAt: "2024-03-01T10:00:00Z"}}}
      """;
  static final String DAEMONSETS = """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: kube-flannel-ds, namespace: kube-system}
      spec:
        selector: {matchLabels: {app: flannel}}
        template:
          spec:
            containers: [{name: kube-flannel, image: docker.io/flannel/flannel:v0.24.2}]
      status: {desiredNumberScheduled: 2, numberReady: 0}
      """;
  static final String LOG = "logs/kube-system/kube-flannel-ds-jpp96/install-cni.previous.log";
  static final String LOG_TEXT = "cp: can't create '/etc/cni/net.d/10-flannel.conflist': Permission denied\n";

  @Test
  void initCrashLoopWithSelinuxSignature() {
    Finding f = single(Fixtures.run(new NetworkDaemonNotRunning(), Map.of("cluster/pods.json", PODS,
        "cluster/kube-system/daemonsets.json", DAEMONSETS, LOG, LOG_TEXT)));
    assertEquals("network-daemon-not-running", f.checkId());
    assertEquals(Severity.CRITICAL, f.severity());
    assertEquals(Layer.CNI, f.layer());
    subject(f, "DaemonSet", "kube-system", "kube-flannel-ds");
    assertEquals("node-1", f.subject().node());
    explains(f, "flannel", "Init:CrashLoopBackOff", "node-1", "2 desired, 0 ready", "SELinux",
        "10-flannel.conflist");
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().equals(LOG) && e.line() == 1), f.evidence()::toString);
    cites(f, "cluster/pods.json", PODS, "- name: install-cni");
    assertTrue(f.remediation().contains("getenforce"), f.remediation());
  }

  @Test
  void withoutLogsTheFindingSaysSoAndNamesTheCommand() {
    Finding f = single(Fixtures.run(new NetworkDaemonNotRunning(), Map.of("cluster/pods.json", PODS)));
    subject(f, "Pod", "kube-system", "kube-flannel-ds-jpp96");
    explains(f, "No log of these pods was collected");
    assertTrue(f.remediation().contains("--previous"), f.remediation());
  }

  @Test
  void runningAndReadyDaemonsAreFine() {
    String pods = PODS.substring(0, PODS.indexOf("- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: kube-flannel"))
        + PODS.substring(PODS.indexOf("- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: kube-proxy"));
    noFindings(Fixtures.run(new NetworkDaemonNotRunning(), Map.of("cluster/pods.json", pods)));
  }
}
