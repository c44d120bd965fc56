package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Seed 002: flannel's install-cni cannot write /etc/cni/net.d on an enforcing node. */
class NodeSelinuxCniFailureTest {
  static final String SELINUX = "nodes/node1/kernel/selinux.txt";
  static final String LOG = "logs/kube-system/kube-flannel-ds-jpp96/install-cni.previous.log";
  static final String FLANNEL = """
      apiVersion: v1
      kind: List
      items:
      - kind: Pod
        metadata:
          name: kube-flannel-ds-jpp96
          namespace: kube-system
          ownerReferences: [{kind: DaemonSet, name: kube-flannel-ds, controller: true}]
        spec:
          nodeName: node1
          hostNetwork: true
          initContainers: [{name: install-cni, image: docker.io/flannel/flannel:v0.24.2}]
          containers: [{name: kube-flannel, image: docker.io/flannel/flannel:v0.24.2}]
        status:
          phase: Pending
          initContainerStatuses:
          - {name: install-cni, ready: false, restartCount: 4, state: {waiting: {reason: CrashLoopBackOff}}}
          containerStatuses:
          - {name: kube-flannel, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
      """;

  static Map<String, String> bundle(String mode) {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/pods.json", FLANNEL);
    m.put(LOG, "cp: can't create '/etc/cni/net.d/10-flannel.conflist': Permission denied\n");
    m.put(SELINUX, mode + "\n");
    return m;
  }

  @Test
  void enforcingWithPermissionDenied() {
    Finding f = single(Fixtures.run(new NodeSelinuxCniFailure(), bundle("Enforcing")));
    explains(f, "kube-system/kube-flannel-ds-jpp96", "enforcing", "network-daemon-not-running");
    assertEquals(SELINUX, f.evidence().get(0).file());
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().equals(LOG) && e.line() == 1), f.evidence()::toString);
  }

  @Test
  void permissiveIsNotBlamed() {
    noFindings(Fixtures.run(new NodeSelinuxCniFailure(), bundle("Permissive")));
  }

  @Test
  void withoutSelinuxEvidenceItIsInsufficient() {
    Map<String, String> m = bundle("Enforcing");
    m.remove(SELINUX);
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new NodeSelinuxCniFailure(), m).status());
  }
}
