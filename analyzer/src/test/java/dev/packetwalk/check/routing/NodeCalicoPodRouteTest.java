package dev.packetwalk.check.routing;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.lineOf;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.CheckAssertions.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeCalicoPodRouteTest {
  /** Shapes from the third-party Calico outputs quoted in path-analysis §3 F6. */
  static final String ROUTES = """
      default via 10.0.0.1 dev eth0 proto dhcp
      10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.11
      blackhole 10.233.101.192/26 proto bird
      10.233.101.222 dev cali11299111064 scope link
      10.233.102.0/26 via 10.0.0.12 dev tunl0 proto bird onlink
      """;
  static final String LINKS = """
      2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000
          link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
      7: cali11299111064@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1480 qdisc noqueue state UP mode DEFAULT group default
          link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netnsid 0
          veth
      """;
  static String pods(String ip) {
    return """
        apiVersion: v1
        kind: List
        items:
        - kind: Pod
          metadata: {name: web-1, namespace: shop}
          spec: {nodeName: node1, containers: [{name: c, image: x}]}
          status: {phase: Running, podIP: 10.233.101.222, podIPs: [{ip: 10.233.101.222}]}
        - kind: Pod
          metadata: {name: web-2, namespace: shop}
          spec: {nodeName: node1, containers: [{name: c, image: x}]}
          status: {phase: Running, podIP: %1$s, podIPs: [{ip: %1$s}]}
        """.formatted(ip);
  }

  static Map<String, String> bundle(String routes, String podIp) {
    return Map.of("cluster/pods.json", pods(podIp), "nodes/node1/iproute/ip-route-table-all.txt", routes,
        "nodes/node1/iproute/ip-s-d-link.txt", LINKS);
  }

  @Test
  void podWithoutItsRouteFallsIntoTheBlockBlackhole() {
    Finding f = single(Fixtures.run(new NodeCalicoPodRoute(), bundle(ROUTES, "10.233.101.223")));
    subject(f, "Pod", "shop", "web-2");
    explains(f, "10.233.101.223", "no /32 route", "own block blackhole 10.233.101.192/26");
    assertEquals(lineOf(ROUTES, "blackhole"), f.evidence().get(1).line());
  }

  @Test
  void foreignBlackholeSwallowsAPod() {
    String routes = ROUTES + "blackhole 10.233.101.216/29\n";
    Finding f = single(Fixtures.run(new NodeCalicoPodRoute(), bundle(routes, "10.233.101.220")));
    subject(f, "Pod", "shop", "web-2");
    explains(f, "swallowed by the blackhole route 10.233.101.216/29", "not one of Calico's block aggregates");
  }

  @Test
  void everyPodHasItsRoute() {
    noFindings(Fixtures.run(new NodeCalicoPodRoute(), bundle(ROUTES, "10.233.101.222")));
  }
}
