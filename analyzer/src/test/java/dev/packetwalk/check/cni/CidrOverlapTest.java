package dev.packetwalk.check.cni;

import static dev.packetwalk.check.CheckAssertions.cites;
import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CidrOverlapTest {
  static final String NODES = """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Node
        metadata: {name: node-1}
        spec:
          podCIDR: 10.244.0.0/24
        status:
          addresses:
          - {type: InternalIP, address: 192.168.10.11}
          - {type: Hostname, address: node-1}
      - apiVersion: v1
        kind: Node
        metadata: {name: node-2}
        spec:
          podCIDR: 10.244.1.0/24
        status:
          addresses:
          - {type: InternalIP, address: 192.168.10.12}
      """;
  static final String CONFIGMAPS = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: kube-flannel-cfg, namespace: kube-system}
      data:
        net-conf.json: |
          {
            "Network": "192.168.0.0/16",
            "Backend": {"Type": "vxlan"}
          }
      """;
  static final String APISERVER = """
      apiVersion: v1
      kind: Pod
      metadata: {name: kube-apiserver-node-1, namespace: kube-system, labels: {component: kube-apiserver}}
      spec:
        nodeName: node-1
        hostNetwork: true
        containers:
        - name: kube-apiserver
          image: registry.k8s.io/kube-apiserver:v1.29.2
          command:
          - kube-apiserver
          - --advertise-address=192.168.10.11
          - --service-cluster-ip-range=10.96.0.0/12
      """;

  @Test
  void flannelNetworkContainsTheNodeAddresses() {
    var r = Fixtures.run(new CidrOverlap(), Map.of("cluster/nodes.json", NODES,
        "cluster/kube-system/configmaps.json", CONFIGMAPS, "cluster/pods.json", APISERVER));
    assertEquals(2, r.findings().size(), r.findings()::toString);
    Finding f = r.findings().stream().filter(x -> x.title().contains("node-1")).findFirst().orElseThrow();
    assertEquals("cidr-overlap", f.checkId());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("ConfigMap", f.subject().kind());
    assertEquals("kube-flannel-cfg", f.subject().name());
    explains(f, "flannel pod network 192.168.0.0/16", "InternalIP 192.168.10.11 of node node-1", "routed into the overlay");
    cites(f, "cluster/kube-system/configmaps.json", CONFIGMAPS, "net-conf.json: |");
    cites(f, "cluster/nodes.json", NODES, "address: 192.168.10.11}");
  }

  @Test
  void twoNodesWithTheSamePodCidrAndAServiceRangeFromTheApiServerFlag() {
    String nodes = NODES.replace("10.244.1.0/24", "10.244.0.0/23");
    String apiserver = APISERVER.replace("10.96.0.0/12", "10.244.0.0/16");
    var r = Fixtures.run(new CidrOverlap(), Map.of("cluster/nodes.json", nodes, "cluster/pods.json", apiserver));
    assertEquals(3, r.findings().size(), r.findings()::toString);
    Finding pair = r.findings().stream().filter(x -> x.title().contains("node node-1 overlaps podCIDR"))
        .findFirst().orElseThrow();
    explains(pair, "same IP");
    Finding svc = r.findings().stream().filter(x -> x.title().contains("node-2 overlaps Service range"))
        .findFirst().orElseThrow();
    explains(svc, "kube-apiserver flag", "DNAT");
    cites(svc, "cluster/pods.json", apiserver, "--service-cluster-ip-range");
  }

  @Test
  void inferredServiceRangeIsSaidToBeInferred() {
    String services = """
        apiVersion: v1
        kind: Service
        metadata: {name: kubernetes, namespace: default}
        spec: {clusterIP: 10.244.1.1, ports: [{port: 443}]}
        """;
    var r = Fixtures.run(new CidrOverlap(), Map.of("cluster/nodes.json", NODES, "cluster/services.json", services));
    Finding f = single(r);
    explains(f, "inferred from 1 ClusterIPs", "10.244.1.0/24");
  }

  @Test
  void disjointRangesAreFine() {
    noFindings(Fixtures.run(new CidrOverlap(), Map.of("cluster/nodes.json", NODES, "cluster/pods.json", APISERVER,
        "cluster/kube-system/configmaps.json", CONFIGMAPS.replace("192.168.0.0/16", "10.244.0.0/16"))));
  }
}
