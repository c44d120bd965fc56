package dev.packetwalk.parse.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.packetwalk.parse.netfilter.Netns;
import dev.packetwalk.parse.netfilter.Resources;
import org.junit.jupiter.api.Test;

/**
 * Loads kube-proxy's restore input into a scratch network namespace with the real {@code iptables-restore}, makes a
 * little traffic, and parses the live {@code iptables-save -c}. Skips (visibly) where namespaces are unavailable.
 */
class IptablesLiveKernelTest {

  @Test
  void liveIptablesSaveOfAKubeProxyRuleset() throws Exception {
    Netns ns = Netns.open();
    assumeTrue(ns != null, "network namespaces unavailable (needs root and ip(8)); live kernel test skipped");
    try (ns) {
      String restore = Resources.read("iptables/realworld/"
          + "kube-proxy-test-TestSyncProxyRulesRepeated-1-initial.iptables-restore.txt");
      Netns.Result load = ns.exec(restore, "iptables-restore");
      assumeTrue(load.exit() == 0, "iptables-restore unavailable here: " + load.err());
      assertEquals(0, ns.exec("*filter\n-A OUTPUT -m conntrack --ctstate NEW -j KUBE-SERVICES\nCOMMIT\n",
          "iptables-restore", "--noflush").exit());
      ns.exec(null, "ip", "link", "set", "lo", "up");
      // two TCP connection attempts to a closed port: two NEW SYNs leave through filter OUTPUT
      ns.exec(null, "bash", "-c", "echo > /dev/tcp/127.0.0.1/9; echo > /dev/tcp/127.0.0.1/9");
      Netns.Result save = ns.exec(null, "iptables-save", "-c");
      assertEquals(0, save.exit(), save.err());

      IptablesDump live = IptablesSaveParser.parse(IptablesSaveParser.PATH, save.out());
      IptablesDump input = IptablesSaveParser.parse("restore", restore);
      assertTrue(live.warnings().isEmpty(), live.warnings().toString());
      assertTrue(live.version().startsWith("1."), live.version());
      assertEquals(input.rules().size() + 1, live.rules().size(), "every restored rule comes back, plus ours");
      IptablesTable nat = live.table("nat").orElseThrow();
      // iptables normalises kube-proxy's spelling; the records follow what the kernel gave back
      IptablesRule dnat = nat.chain("KUBE-SEP-SNQ3ZNILQDEJNDQO").orElseThrow().rules().get(1);
      assertEquals("10.0.1.1:80", dnat.target().option("to-destination"));
      assertEquals("ns1/svc1:p80", dnat.comment());
      assertEquals("0x4000/0x4000", nat.chain("KUBE-MARK-MASQ").orElseThrow().rules().get(0).target()
          .option("set-xmark"));
      IptablesRule jump = live.table("filter").orElseThrow().chain("OUTPUT").orElseThrow().rules().get(0);
      assertEquals("KUBE-SERVICES", jump.targetName());
      assertEquals("NEW", jump.match("conntrack").orElseThrow().option("ctstate"));
      assertEquals(2, jump.counters().packets(), "two SYNs counted: " + jump.counters());
      assertTrue(jump.counters().bytes() >= 80, "two SYNs are at least 40 bytes each");
      assertTrue(live.rules().stream().allMatch(r -> r.counters() != null), "-c gives every rule counters");
    }
  }
}
