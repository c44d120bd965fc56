package dev.packetwalk.check.netfilter;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.lineOf;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.node.NetfilterDropCounters;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetfilterCtstateInvalidDropsTest {
  static final String DUMP = """
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :KUBE-FORWARD - [0:0]
      [40:2400] -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
      [%s] -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
      [0:0] -A KUBE-FORWARD -m conntrack ! --ctstate INVALID -j DROP
      COMMIT
      """;
  static final String IPT = "nodes/node1/netfilter/iptables-save.txt";

  @Test
  void kubeForwardInvalidDropsWithTheSysctl() {
    String dump = DUMP.formatted("31:1860");
    Finding f = single(Fixtures.run(new NetfilterCtstateInvalidDrops(), Map.of(IPT, dump,
        "nodes/node1/kernel/sysctl.txt", "net.netfilter.nf_conntrack_tcp_be_liberal = 0\n")));
    explains(f, "KUBE-FORWARD", "31", "kube-proxy's", "nf_conntrack_tcp_be_liberal is 0");
    assertEquals(lineOf(dump, "--ctstate INVALID -j DROP"), f.evidence().get(0).line());
    assertEquals(2, f.evidence().size());
  }

  @Test
  void zeroCountersAndNegatedMatchesSayNothing() {
    noFindings(Fixtures.run(new NetfilterCtstateInvalidDrops(), Map.of(IPT, DUMP.formatted("0:0")
        .replace("[0:0] -A KUBE-FORWARD -m conntrack !", "[9:540] -A KUBE-FORWARD -m conntrack !"))));
  }

  @Test
  void dropCountersLeavesItToThisCheck() {
    Map<String, String> m = Map.of(IPT, DUMP.formatted("31:1860"));
    noFindings(Fixtures.run(new NetfilterDropCounters(), m));
  }
}
