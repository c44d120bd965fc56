package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetfilterDropCountersTest {
  static final String CALICO = """
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :cali-tw-cali1234abcd - [0:0]
      [7:420] -A cali-tw-cali1234abcd -m comment --comment "cali:abc" -m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP
      COMMIT
      """;
  static final String LINKS = """
      9: cali1234abcd@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000
          link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netnsid 0
          veth
      """;
  static final String PODS = """
      apiVersion: v1
      kind: List
      items:
      - kind: Pod
        metadata: {name: web-1, namespace: shop}
        spec: {nodeName: node1, containers: [{name: c, image: x}]}
        status: {phase: Running, podIP: 10.244.1.40, podIPs: [{ip: 10.244.1.40}]}
      """;

  @Test
  void realForeignDropRisingIsAnError() {
    Finding f = single(Fixtures.run(new NetfilterDropCounters(), NodeFixtures.realCluster()));
    assertEquals(Severity.ERROR, f.severity());
    explains(f, "foreign", "OUTPUT", "traffic is being dropped at this moment");
    assertEquals(NodeFixtures.line("nodes/node1/netfilter/iptables-save.txt", "-d 10.244.1.77/32 -j DROP"),
        f.evidence().get(0).line());
  }

  @Test
  void calicoPolicyDropNamesThePod() {
    Finding f = single(Fixtures.run(new NetfilterDropCounters(), Map.of("cluster/pods.json", PODS,
        "nodes/node1/netfilter/iptables-save.txt", CALICO, "nodes/node1/iproute/ip-s-d-link.txt", LINKS,
        "nodes/node1/iproute/ip-route-table-all.txt", "10.244.1.40 dev cali1234abcd scope link\n")));
    assertEquals(Severity.WARNING, f.severity());
    explains(f, "shop/web-1", "Drop if no policies passed packet", "ingress");
  }

  @Test
  void zeroCountersSayNothing() {
    noFindings(Fixtures.run(new NetfilterDropCounters(), Map.of("nodes/node1/netfilter/iptables-save.txt",
        CALICO.replace("[7:420]", "[0:0]"))));
  }

  static final String DENY_ALL = """
      apiVersion: v1
      kind: List
      items:
      - kind: NetworkPolicy
        apiVersion: networking.k8s.io/v1
        metadata: {name: deny-all, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Ingress]}
      """;

  @Test
  void calicoDropNamesTheEnforcedPolicy() {
    Finding f = single(Fixtures.run(new NetfilterDropCounters(), Map.of("cluster/pods.json", PODS,
        "cluster/networkpolicies.json", DENY_ALL,
        "nodes/node1/netfilter/iptables-save.txt", CALICO, "nodes/node1/iproute/ip-s-d-link.txt", LINKS,
        "nodes/node1/iproute/ip-route-table-all.txt", "10.244.1.40 dev cali1234abcd scope link\n")));
    explains(f, "isolating it", "shop/deny-all");
    org.junit.jupiter.api.Assertions.assertTrue(f.evidence().stream()
        .anyMatch(e -> e.file().equals("cluster/networkpolicies.json")), () -> f.evidence().toString());
  }

  @Test
  void kubeRouterPolicyChainIsNamed() {
    String dump = """
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :KUBE-POD-FW-ABCDEF1234567890 - [0:0]
        [4:240] -A KUBE-POD-FW-ABCDEF1234567890 -m comment --comment "rule to REJECT traffic destined for POD name:web-1 namespace: shop" -m mark ! --mark 0x10000/0x10000 -j REJECT
        COMMIT
        """;
    Finding f = single(Fixtures.run(new NetfilterDropCounters(), Map.of("nodes/node1/netfilter/iptables-save.txt",
        dump)));
    explains(f, "kube-router", "NetworkPolicy", "POD name:web-1");
    assertEquals(dev.packetwalk.check.Layer.KUBERNETES, f.layer());
  }
}
