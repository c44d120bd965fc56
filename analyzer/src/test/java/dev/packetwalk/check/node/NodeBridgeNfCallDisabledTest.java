package dev.packetwalk.check.node;

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

class NodeBridgeNfCallDisabledTest {
  @Test
  void realNodeHasItOn() {
    noFindings(Fixtures.run(new NodeBridgeNfCallDisabled(), NodeFixtures.realCluster()));
  }

  @Test
  void zeroWithTheFlannelBridge() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("nodes/node1/kernel/sysctl.txt", m.get("nodes/node1/kernel/sysctl.txt")
        .replace("net.bridge.bridge-nf-call-iptables = 1", "net.bridge.bridge-nf-call-iptables = 0"));
    Finding f = single(Fixtures.run(new NodeBridgeNfCallDisabled(), m));
    explains(f, "cni0", "bridge-nf-call-iptables = 0", "reverse NAT");
    assertEquals(NodeFixtures.line("nodes/node1/kernel/sysctl.txt", "bridge-nf-call-iptables"),
        f.evidence().get(0).line());
  }

  @Test
  void moduleMissingWithABridge() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("nodes/node1/kernel/sysctl.txt", "net.ipv4.ip_forward = 1\n");
    explains(single(Fixtures.run(new NodeBridgeNfCallDisabled(), m)), "br_netfilter");
  }
}
