package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.lineOf;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeProxyLbSourceRangesTest {
  static final String IPT = "nodes/node1/netfilter/iptables-save.txt";
  static final String DROP = "-A KUBE-PROXY-FIREWALL -m comment --comment \"ns5/svc5:p80 traffic not accepted";

  static Map<String, String> iptables(String services, String dump) {
    return Map.of("cluster/services.json", services, IPT, dump);
  }

  @Test
  void matchingFirewallWithDropsIsInfo() {
    String dump = KubeProxyFixtures.IPTABLES.replace(DROP, "[9:540] " + DROP);
    Finding f = single(Fixtures.run(new KubeProxyLbSourceRanges(), iptables(KubeProxyFixtures.SERVICES, dump)));
    assertEquals(Severity.INFO, f.severity());
    explains(f, "ns5/svc5:p80", "203.0.113.0/25", "9 packets", "KUBE-FW-NUKIZ6OKUXPJNT4C");
    assertTrue(f.evidence().stream().anyMatch(e -> e.line() == lineOf(dump, DROP)));
  }

  @Test
  void matchingFirewallWithoutDropsSaysNothing() {
    noFindings(Fixtures.run(new KubeProxyLbSourceRanges(), iptables(KubeProxyFixtures.SERVICES,
        KubeProxyFixtures.IPTABLES)));
  }

  @Test
  void specChangedButNodeNotSynced() {
    Finding f = single(Fixtures.run(new KubeProxyLbSourceRanges(), iptables(KubeProxyFixtures.SERVICES.replace(
        "[203.0.113.0/25]", "[203.0.113.0/25, 198.51.100.0/24]"), KubeProxyFixtures.IPTABLES)));
    assertEquals(Severity.WARNING, f.severity());
    explains(f, "not allowed on the node: 198.51.100.0/24");
  }

  @Test
  void nftablesFirewallChainAgainstTheSpec() {
    Map<String, String> m = Map.of("cluster/services.json", KubeProxyFixtures.SERVICES.replace("[203.0.113.0/25]",
        "[203.0.113.0/24]"), "nodes/node1/netfilter/nft-ruleset.txt", KubeProxyFixtures.NFT);
    Finding f = single(Fixtures.run(new KubeProxyLbSourceRanges(), m));
    explains(f, "firewall-HVFWP5L3-ns5/svc5/tcp/p80", "203.0.113.0/24", "203.0.113.0/25");
    assertEquals(lineOf(KubeProxyFixtures.NFT, "saddr != { 203.0.113.0/25 } drop"), f.evidence().get(0).line());
  }
}
