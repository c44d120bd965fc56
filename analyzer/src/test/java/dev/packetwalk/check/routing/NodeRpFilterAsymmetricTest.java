package dev.packetwalk.check.routing;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.lineOf;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeRpFilterAsymmetricTest {
  static final String ADDR = """
      1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
          link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
          inet 127.0.0.1/8 scope host lo
             valid_lft forever preferred_lft forever
      2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
          link/ether 52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff
          inet 10.0.0.11/24 scope global eth0
             valid_lft forever preferred_lft forever
      3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
          link/ether 52:54:00:00:00:02 brd ff:ff:ff:ff:ff:ff
          inet 10.1.0.11/24 scope global eth1
             valid_lft forever preferred_lft forever
      """;
  static final String ROUTES = """
      default via 10.0.0.1 dev eth0
      10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.11
      10.1.0.0/24 dev eth1 proto kernel scope link src 10.1.0.11
      """;
  static final String SYSCTL = """
      net.ipv4.conf.all.rp_filter = %s
      net.ipv4.conf.eth0.rp_filter = 1
      net.ipv4.conf.eth1.rp_filter = 1
      """;

  static Map<String, String> node(String all, String routes) {
    Map<String, String> m = new TreeMap<>();
    m.put("nodes/node1/iproute/ip-d-addr.txt", ADDR);
    m.put("nodes/node1/iproute/ip-route-table-all.txt", routes);
    m.put("nodes/node1/kernel/sysctl.txt", SYSCTL.formatted(all));
    return m;
  }

  @Test
  void secondNicWithStrictFilterAndTheDefaultRouteElsewhere() {
    Finding f = single(Fixtures.run(new NodeRpFilterAsymmetric(), node("0", ROUTES)));
    explains(f, "eth1", "leaves by eth0", "198.51.100.1", "10.1.0.11");
    String sysctl = SYSCTL.formatted("0");
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().endsWith("sysctl.txt")
        && e.line() == lineOf(sysctl, "eth1.rp_filter")));
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().endsWith("ip-route-table-all.txt")
        && e.line() == lineOf(ROUTES, "default via")));
  }

  @Test
  void looseModeOnAllWins() {
    // the kernel applies max(all, iface): all = 2 makes eth1 loose
    noFindings(Fixtures.run(new NodeRpFilterAsymmetric(), node("2", ROUTES)));
  }

  @Test
  void policyRoutingSendsRepliesBackByTheSameNic() {
    Map<String, String> m = node("0", ROUTES + "default via 10.1.0.1 dev eth1 table 100\n");
    m.put("nodes/node1/iproute/ip-rule.txt", "0:\tfrom all lookup local\n100:\tfrom 10.1.0.11 lookup 100\n"
        + "32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n");
    noFindings(Fixtures.run(new NodeRpFilterAsymmetric(), m));
  }

  @Test
  void strictRealFlannelNodeIsSymmetricBecausePodTrafficIsTunnelled() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    String sysctl = "nodes/node1/kernel/sysctl.txt";
    m.put(sysctl, m.get(sysctl).replace("net.ipv4.conf.all.rp_filter = 0", "net.ipv4.conf.all.rp_filter = 1"));
    noFindings(Fixtures.run(new NodeRpFilterAsymmetric(), m));
  }
}
