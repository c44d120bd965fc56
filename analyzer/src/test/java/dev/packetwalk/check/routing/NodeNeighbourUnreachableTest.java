package dev.packetwalk.check.routing;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeNeighbourUnreachableTest {
  static final String NEIGH = "nodes/node1/iproute/ip-neigh.txt";
  static final String ROUTES = "nodes/node1/iproute/ip-route-table-all.txt";

  @Test
  void realNodeFlannelNeighbourIsPermanent() {
    noFindings(Fixtures.run(new NodeNeighbourUnreachable(), NodeFixtures.realCluster()));
  }

  @Test
  void failedFlannelVtepNeighbour() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put(NEIGH, m.get(NEIGH).replace("lladdr 46:af:62:75:ec:ee  used 2/2/2probes 0 PERMANENT", "FAILED"));
    Finding f = single(Fixtures.run(new NodeNeighbourUnreachable(), m));
    assertEquals(Layer.CNI, f.layer());
    explains(f, "10.244.2.0", "pod CIDR 10.244.2.0/24", "FAILED");
    assertEquals(NodeFixtures.line(ROUTES, "10.244.2.0/24 via"), f.evidence().get(0).line());
  }

  @Test
  void defaultGatewayIncompleteIsInfrastructure() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put(ROUTES, "default via 192.168.56.1 dev ens3\n" + m.get(ROUTES));
    m.put(NEIGH, m.get(NEIGH) + "192.168.56.1 dev ens3  INCOMPLETE\n");
    m.remove("nodes/node1/iproute/ip-route.json");
    m.remove("nodes/node1/iproute/ip-neigh.json");
    Finding f = single(Fixtures.run(new NodeNeighbourUnreachable(), m));
    assertEquals(Layer.INFRASTRUCTURE, f.layer());
    explains(f, "default route", "192.168.56.1", "INCOMPLETE");
  }
}
