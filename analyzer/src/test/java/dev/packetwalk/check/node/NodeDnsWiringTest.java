package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.cites;
import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.CheckAssertions.subject;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeDnsWiringTest {
  static final String RESOLV = "nodes/node1/netns/pwrn-pod/resolv.conf";
  static final String GOOD = """
      search default.svc.cluster.local svc.cluster.local cluster.local
      nameserver 10.96.0.10
      options ndots:5
      """;

  /** The real node (kubelet clusterDNS 10.96.0.10) with kube-dns at {@code ip} and pod web-1's sandbox resolv.conf. */
  static Map<String, String> bundle(String ip, String resolv) {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/services.json", NodeFixtures.SERVICES + NodeConntrackStaleUdpTest.DNS.replace("10.96.0.10", ip));
    m.put("nodes/node1/netns/pwrn-pod/pod.txt", "name=web-1\nnamespace=default\nuid=u1\nsandbox=s1\n");
    m.put(RESOLV, resolv);
    return m;
  }

  @Test
  void clusterFirstWithNdotsFiveIsNormal() {
    noFindings(Fixtures.run(new NodeDnsWiring(), bundle("10.96.0.10", GOOD)));
  }

  @Test
  void kubeletPointsAtAnotherAddress() {
    Finding f = single(Fixtures.run(new NodeDnsWiring(), bundle("10.96.0.53", GOOD)));
    explains(f, "clusterDNS 10.96.0.10", "10.96.0.53", "times out");
    subject(f, "Node", "", "node1");
  }

  @Test
  void podAsksAnotherNameserver() {
    String bad = GOOD.replace("nameserver 10.96.0.10", "nameserver 10.0.0.2");
    Finding f = single(Fixtures.run(new NodeDnsWiring(), bundle("10.96.0.10", bad)));
    subject(f, "Pod", "default", "web-1");
    explains(f, "10.0.0.2", "not the cluster DNS");
    cites(f, RESOLV, bad, "nameserver");
  }

  @Test
  void clusterFirstWithoutTheSearchList() {
    String bad = GOOD.replace("search default.svc.cluster.local svc.cluster.local cluster.local", "search example.com");
    Finding f = single(Fixtures.run(new NodeDnsWiring(), bundle("10.96.0.10", bad)));
    explains(f, "lacks svc.cluster.local", "short Service names");
    cites(f, RESOLV, bad, "search");
  }

  @Test
  void dnsPolicyDefaultIsNotFlagged() {
    noFindings(Fixtures.run(new NodeDnsWiring(), bundle("10.96.0.10", "search example.com\nnameserver 10.0.0.2\n")));
  }
}
