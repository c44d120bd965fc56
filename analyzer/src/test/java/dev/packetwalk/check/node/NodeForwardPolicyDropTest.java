package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeForwardPolicyDropTest {
  static final String FLANNEL_ACCEPTS = """
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD DROP [12:720]
      :OUTPUT ACCEPT [0:0]
      :FLANNEL-FWD - [0:0]
      :KUBE-FORWARD - [0:0]
      [0:0] -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
      [0:0] -A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
      [0:0] -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
      [0:0] -A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
      [0:0] -A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT
      [0:0] -A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT
      COMMIT
      """;

  @Test
  void realNodeDropsWithNoAccept() {
    Finding f = single(Fixtures.run(new NodeForwardPolicyDrop(), NodeFixtures.realCluster()));
    explains(f, "policy is DROP", "KUBE-FORWARD accepts only replies");
    assertEquals(NodeFixtures.line("nodes/node1/netfilter/iptables-save.txt", ":FORWARD DROP"),
        f.evidence().get(0).line());
  }

  @Test
  void onlyKubeForwardIsNotEnough() {
    String kubeOnly = FLANNEL_ACCEPTS.replace("[0:0] -A FORWARD -m comment --comment \"flanneld forward\" -j "
        + "FLANNEL-FWD\n", "");
    Finding f = single(Fixtures.run(new NodeForwardPolicyDrop(), Map.of("cluster/nodes.json", NodeFixtures.NODES,
        "nodes/node1/netfilter/iptables-save.txt", kubeOnly)));
    assertEquals(2, f.evidence().stream().filter(e -> e.note().contains("only replies")).count());
  }

  @Test
  void flannelAcceptsItsNetwork() {
    noFindings(Fixtures.run(new NodeForwardPolicyDrop(), Map.of("cluster/nodes.json", NodeFixtures.NODES,
        "nodes/node1/netfilter/iptables-save.txt", FLANNEL_ACCEPTS)));
  }
}
