package dev.packetwalk.check.routing;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeVtepMismatchTest {
  static String nodes(String mac, String publicIp) {
    return """
        apiVersion: v1
        kind: List
        items:
        - kind: Node
          metadata: {name: node1}
          spec: {podCIDR: 10.244.1.0/24}
          status: {addresses: [{type: InternalIP, address: 192.168.56.11}]}
        - kind: Node
          metadata:
            name: node2
            annotations:
              flannel.alpha.coreos.com/backend-data: '{"VNI":1,"VtepMAC":"%s"}'
              flannel.alpha.coreos.com/backend-type: vxlan
              flannel.alpha.coreos.com/public-ip: %s
          spec: {podCIDR: 10.244.2.0/24}
          status: {addresses: [{type: InternalIP, address: 192.168.56.12}]}
        """.formatted(mac, publicIp);
  }

  static Map<String, String> with(String nodes) {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realNode());
    m.put("cluster/nodes.json", nodes);
    return m;
  }

  @Test
  void realNodeMatchesTheAnnotations() {
    noFindings(Fixtures.run(new NodeVtepMismatch(), with(nodes("46:af:62:75:ec:ee", "192.168.56.12"))));
  }

  @Test
  void nodeRecreatedWithANewVtepMac() {
    Finding f = single(Fixtures.run(new NodeVtepMismatch(), with(nodes("aa:bb:cc:dd:ee:ff", "192.168.56.12"))));
    explains(f, "node2", "lladdr 46:af:62:75:ec:ee", "no FDB entry for aa:bb:cc:dd:ee:ff",
        "towards 192.168.56.12 has the MAC 46:af:62:75:ec:ee");
    assertEquals("node1", f.subject().node());
  }

  @Test
  void nodeMovedToANewPublicIp() {
    Finding f = single(Fixtures.run(new NodeVtepMismatch(), with(nodes("46:af:62:75:ec:ee", "192.168.56.99"))));
    explains(f, "sends to 192.168.56.12, not node2's public-ip 192.168.56.99");
    assertEquals(NodeFixtures.line("nodes/node1/iproute/bridge-fdb.txt", "dst 192.168.56.12"),
        f.evidence().get(0).line());
  }
}
