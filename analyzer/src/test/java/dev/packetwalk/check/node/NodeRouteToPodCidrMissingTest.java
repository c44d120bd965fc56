package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRouteToPodCidrMissingTest {
  static final String LINKS = """
      1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
          link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
      2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000
          link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
      """;
  static final String HOSTGW_ROUTES = """
      default via 192.168.56.1 dev eth0
      10.244.2.0/24 via 192.168.56.12 dev eth0
      10.244.3.0/24 via 192.168.56.99 dev eth0
      192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.11
      """;

  @Test
  void realFlannelNodeLacksNode3() {
    Finding f = single(Fixtures.run(new NodeRouteToPodCidrMissing(), NodeFixtures.realCluster()));
    explains(f, "node3", "10.244.3.0/24", "dev flannel.1 onlink");
    assertEquals("node1", f.subject().node());
  }

  @Test
  void hostGwRouteViaTheWrongNode() {
    Finding f = single(Fixtures.run(new NodeRouteToPodCidrMissing(), Map.of("cluster/nodes.json", NodeFixtures.NODES,
        "nodes/node1/iproute/ip-s-d-link.txt", LINKS, "nodes/node1/iproute/ip-route-table-all.txt", HOSTGW_ROUTES)));
    explains(f, "wrong node", "192.168.56.99", "192.168.56.13");
    assertEquals(3, f.evidence().get(0).line());
  }

  @Test
  void ciliumTunnelIsInsufficient() {
    String links = LINKS + """
        3: cilium_vxlan: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
            link/ether 6a:2b:3c:4d:5e:6f brd ff:ff:ff:ff:ff:ff
        """;
    CheckResult r = Fixtures.run(new NodeRouteToPodCidrMissing(), Map.of("cluster/nodes.json", NodeFixtures.NODES,
        "nodes/node1/iproute/ip-s-d-link.txt", links, "nodes/node1/iproute/ip-route-table-all.txt", "default via "
            + "192.168.56.1 dev eth0\n"));
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, r.status());
  }
}
