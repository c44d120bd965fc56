package dev.packetwalk.check.traffic;

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

class TrafficPolicyLocalNoEndpointTest {
  static final String NODES = """
      apiVersion: v1
      kind: Node
      metadata: {name: node-1}
      status: {conditions: [{type: Ready, status: "True"}]}
      ---
      apiVersion: v1
      kind: Node
      metadata: {name: node-2}
      status: {conditions: [{type: Ready, status: "True"}]}
      """;
  static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata: {name: tanzu-lb-service, namespace: default}
      spec:
        type: LoadBalancer
        externalTrafficPolicy: Local
        healthCheckNodePort: 32456
        selector: {app: tkgm-deployment}
        ports: [{port: 3000, targetPort: 3000, nodePort: 30340}]
      status: {loadBalancer: {ingress: [{ip: 172.18.30.100}]}}
      """;
  static final String SLICE = """
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {name: tanzu-lb-service-abcde, namespace: default, labels: {kubernetes.io/service-name: tanzu-lb-service}}
      addressType: IPv4
      endpoints:
      - addresses: [100.96.1.33]
        conditions: {ready: true}
        nodeName: node-2
        targetRef: {kind: Pod, namespace: default, name: tanzu-deployment-5769f6c4df-2fl28}
      ports: [{port: 3000}]
      """;

  @Test
  void nodesWithoutALocalEndpointDropExternalTraffic() {
    Finding f = one(Fixtures.run(new TrafficPolicyLocalNoEndpoint(), Map.of("cluster/nodes.json", NODES,
        "cluster/services.json", SERVICE, "cluster/endpointslices.json", SLICE)), "traffic-policy-local-no-endpoint");
    assertEquals(Severity.WARNING, f.severity());
    assertEquals(Subject.of("Service", "default", "tanzu-lb-service"), f.subject());
    cites(f, "cluster/services.json:6", "Local");
    cites(f, "cluster/endpointslices.json:6");
    cites(f, "cluster/nodes.json:1");
    says(f, "1 of 2 nodes", "Only node-2 hosts a ready endpoint", "nodes node-1 drop it", "32456",
        "NodePort traffic");
  }

  @Test
  void noLocalEndpointAnywhereIsAnError() {
    Finding f = one(Fixtures.run(new TrafficPolicyLocalNoEndpoint(), Map.of("cluster/nodes.json", NODES,
        "cluster/services.json", SERVICE, "cluster/endpointslices.json", SLICE.replace("ready: true", "ready: false"))),
        "traffic-policy-local-no-endpoint");
    assertEquals(Severity.ERROR, f.severity());
    says(f, "No node has a ready endpoint");
  }

  @Test
  void internalTrafficPolicyLocalUsesPodNodesWhenEndpointsLackThem() {
    String svc = SERVICE.replace("type: LoadBalancer", "type: ClusterIP")
        .replace("externalTrafficPolicy: Local", "internalTrafficPolicy: Local");
    String pods = """
        apiVersion: v1
        kind: Pod
        metadata: {name: tanzu-deployment-5769f6c4df-2fl28, namespace: default, labels: {app: tkgm-deployment}}
        spec: {nodeName: node-1, containers: [{name: app, image: tkgm:1}]}
        status: {phase: Running, podIP: 100.96.1.33, conditions: [{type: Ready, status: "True"}]}
        """;
    Finding f = one(Fixtures.run(new TrafficPolicyLocalNoEndpoint(), Map.of("cluster/nodes.json", NODES,
        "cluster/services.json", svc, "cluster/pods.json", pods,
        "cluster/endpointslices.json", SLICE.replace("  nodeName: node-2\n", ""))),
        "traffic-policy-local-no-endpoint");
    cites(f, "cluster/services.json:6", "internalTrafficPolicy");
    says(f, "Only node-1 hosts", "pods on nodes node-2 get no answer");
  }

  @Test
  void everyNodeWithALocalEndpointPasses() {
    String both = SLICE.replace("ports: [{port: 3000}]",
        "- addresses: [100.96.2.40]\n  conditions: {ready: true}\n  nodeName: node-1\nports: [{port: 3000}]");
    passed(Fixtures.run(new TrafficPolicyLocalNoEndpoint(), Map.of("cluster/nodes.json", NODES,
        "cluster/services.json", SERVICE, "cluster/endpointslices.json", both)));
  }

  @Test
  void clusterPolicyIsNotJudged() {
    passed(Fixtures.run(new TrafficPolicyLocalNoEndpoint(), Map.of("cluster/nodes.json", NODES,
        "cluster/services.json", SERVICE.replace("externalTrafficPolicy: Local", "externalTrafficPolicy: Cluster"),
        "cluster/endpointslices.json", SLICE)));
  }
}
