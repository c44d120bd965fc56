package dev.packetwalk.check.ingress;

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

class HostnetworkPortConflictTest {
  static final String INGRESS_CONTROLLER = """
      apiVersion: v1
      kind: Pod
      metadata: {name: ingress-nginx-controller-abcde, namespace: ingress-nginx}
      spec:
        nodeName: node-1
        hostNetwork: true
        containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.9.4
          ports:
          - {name: http, containerPort: 80, hostPort: 80}
          - {name: https, containerPort: 443, hostPort: 443}
      status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
      """;
  static final String LB = """
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: haproxy-lb-node-1, namespace: kube-system}
      spec:
        nodeName: node-1
        hostNetwork: true
        containers:
        - name: haproxy
          image: haproxy:2.8
          ports:
          - {containerPort: 443}
      status:
        phase: Running
        conditions: [{type: Ready, status: "False"}]
        containerStatuses: [{name: haproxy, ready: false, restartCount: 5, state: {waiting: {reason: CrashLoopBackOff}}}]
      """;

  @Test
  void twoHostNetworkPodsOnOneNodeClaimingTheSamePort() {
    Finding f = one(Fixtures.run(new HostnetworkPortConflict(), Map.of("cluster/pods.json",
        INGRESS_CONTROLLER + LB)), "hostnetwork-port-conflict");
    assertEquals(new Subject("Node", "", "node-1", "node-1"), f.subject());
    cites(f, "cluster/pods.json:12", "443");
    cites(f, "cluster/pods.json:25", "443");
    says(f, "Port 443/TCP is claimed by 2 pods on node node-1", "kube-system/haproxy-lb-node-1 cannot");
  }

  @Test
  void bindFailureInTheLogNamesTheNeighbours() {
    String undeclared = LB.replace("    ports:\n    - {containerPort: 443}\n", "");
    String log = """
        [NOTICE]   (1) : haproxy version is 2.8.3
        [ALERT]    (1) : Binding [/usr/local/etc/haproxy/haproxy.cfg:12] for frontend https: cannot bind socket (Address already in use) [0.0.0.0:443]
        """;
    String log2 = "[ALERT] (1) : Starting frontend https: cannot bind socket [0.0.0.0:443]: address already in use\n";
    Finding f = one(Fixtures.run(new HostnetworkPortConflict(), Map.of("cluster/pods.json",
        INGRESS_CONTROLLER + undeclared, "logs/kube-system/haproxy-lb-node-1/haproxy.previous.log", log + log2)),
        "hostnetwork-port-conflict");
    assertEquals(new Subject("Pod", "kube-system", "haproxy-lb-node-1", "node-1"), f.subject());
    cites(f, "logs/kube-system/haproxy-lb-node-1/haproxy.previous.log:2", "Address already in use");
    cites(f, "cluster/pods.json:1");
    says(f, "cannot bind port 443 on node node-1", "already in use",
        "ingress-nginx/ingress-nginx-controller-abcde");
  }

  @Test
  void differentNodesOrPortsPass() {
    passed(Fixtures.run(new HostnetworkPortConflict(), Map.of("cluster/pods.json",
        INGRESS_CONTROLLER + LB.replace("nodeName: node-1", "nodeName: node-2"))));
    passed(Fixtures.run(new HostnetworkPortConflict(), Map.of("cluster/pods.json",
        INGRESS_CONTROLLER + LB.replace("{containerPort: 443}", "{containerPort: 8404}"))));
  }
}
