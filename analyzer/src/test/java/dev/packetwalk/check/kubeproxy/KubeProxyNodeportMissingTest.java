package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeProxyNodeportMissingTest {
  static final String SERVICES = """
      apiVersion: v1
      kind: List
      items:
      - kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          type: NodePort
          clusterIP: 10.96.0.20
          ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080, nodePort: 30080}]
      """;
  static final String WITH = """
      *nat
      :PREROUTING ACCEPT [0:0]
      :KUBE-NODEPORTS - [0:0]
      [0:0] -A KUBE-NODEPORTS -p tcp -m comment --comment "shop/web:http" -m tcp --dport 30080 -j KUBE-EXT-ABC
      COMMIT
      """;
  static final String WITHOUT = """
      *nat
      :PREROUTING ACCEPT [0:0]
      :KUBE-NODEPORTS - [0:0]
      COMMIT
      """;

  @Test
  void oneNodeLacksIt() {
    Finding f = single(Fixtures.run(new KubeProxyNodeportMissing(), Map.of("cluster/services.json", SERVICES,
        "nodes/node1/netfilter/iptables-save.txt", WITH, "nodes/node2/netfilter/iptables-save.txt", WITHOUT)));
    assertEquals("node2", f.subject().node());
    explains(f, "30080", "node1", "node2");
    assertEquals("nodes/node1/netfilter/iptables-save.txt:4", f.evidence().get(1).location());
  }

  @Test
  void everyNodeHasIt() {
    noFindings(Fixtures.run(new KubeProxyNodeportMissing(), Map.of("cluster/services.json", SERVICES,
        "nodes/node1/netfilter/iptables-save.txt", WITH, "nodes/node2/netfilter/iptables-save.txt", WITH)));
  }

  @Test
  void oneNodeCannotBeCompared() {
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new KubeProxyNodeportMissing(),
        Map.of("cluster/services.json", SERVICES, "nodes/node1/netfilter/iptables-save.txt", WITH)).status());
  }

  @Test
  void nftablesNodeLacksTheServiceNodeportsElement() {
    String without = KubeProxyFixtures.NFT.replace(
        "add element ip kube-proxy service-nodeports { tcp . 3003 : goto external-4AT6LBPK-ns3/svc3/tcp/p80 }\n", "");
    Finding f = single(Fixtures.run(new KubeProxyNodeportMissing(), Map.of("cluster/services.json",
        KubeProxyFixtures.SERVICES, "nodes/node1/netfilter/nft-ruleset.txt", KubeProxyFixtures.NFT,
        "nodes/node2/netfilter/nft-ruleset.txt", without)));
    assertEquals("node2", f.subject().node());
    explains(f, "3003", "svc3", "nft set service-nodeports");
  }

  static final String IPVS_NODE1 = """
      IP Virtual Server version 1.2.1 (size=4096)
      Prot LocalAddress:Port Scheduler Flags
        -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
      TCP  10.96.0.20:80 rr
        -> 10.244.1.5:8080              Masq    1      0          0
      TCP  192.168.56.11:30080 rr
        -> 10.244.1.5:8080              Masq    1      0          0
      """;

  @Test
  void ipvsNodeLacksTheNodePortVirtualServer() {
    String node2 = IPVS_NODE1.replace("TCP  192.168.56.11:30080 rr\n  -> 10.244.1.5:8080              Masq    1      0 "
        + "         0\n", "").replace("TCP  10.96.0.20:80 rr", "TCP  10.96.0.20:30080 rr");
    Finding f = single(Fixtures.run(new KubeProxyNodeportMissing(), Map.of("cluster/services.json", SERVICES,
        "nodes/node1/ipvs/ipvsadm-Ln.txt", IPVS_NODE1, "nodes/node1/iproute/ip-d-addr.txt", addr("192.168.56.11"),
        "nodes/node2/ipvs/ipvsadm-Ln.txt", node2, "nodes/node2/iproute/ip-d-addr.txt", addr("192.168.56.12"))));
    assertEquals("node2", f.subject().node());
    explains(f, "30080", "IPVS TCP 192.168.56.11:30080");
  }

  static String addr(String ip) {
    return """
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
            link/ether 52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff
            inet %s/24 scope global eth0
               valid_lft forever preferred_lft forever
        """.formatted(ip);
  }
}
