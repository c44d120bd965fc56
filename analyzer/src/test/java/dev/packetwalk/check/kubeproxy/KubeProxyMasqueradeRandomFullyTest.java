package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.lineOf;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeProxyMasqueradeRandomFullyTest {
  static final String STATS = "nodes/node1/conntrack/conntrack-S.txt";
  static final String REAL_STATS = NodeFixtures.realNode().get(STATS);
  static final String FAILING = REAL_STATS.replaceFirst("insert_failed=0", "insert_failed=17");
  static final String IPT = "nodes/node1/netfilter/iptables-save.txt";

  @Test
  void masqueradeWithoutRandomFullyAndInsertFailures() {
    Finding f = single(Fixtures.run(new KubeProxyMasqueradeRandomFully(), Map.of(IPT, KubeProxyFixtures.IPTABLES,
        STATS, FAILING)));
    explains(f, "KUBE-POSTROUTING", "17 failed insertions", "random-fully");
    assertEquals(lineOf(KubeProxyFixtures.IPTABLES, "-j MASQUERADE"), f.evidence().get(0).line());
    assertEquals(STATS, f.evidence().get(1).file());
  }

  @Test
  void randomFullyIsFine() {
    noFindings(Fixtures.run(new KubeProxyMasqueradeRandomFully(), Map.of(IPT, KubeProxyFixtures.IPTABLES.replace(
        "-j MASQUERADE", "-j MASQUERADE --random-fully"), STATS, FAILING)));
  }

  @Test
  void noInsertFailuresIsFine() {
    noFindings(Fixtures.run(new KubeProxyMasqueradeRandomFully(), Map.of(IPT, KubeProxyFixtures.IPTABLES,
        STATS, REAL_STATS)));
  }

  @Test
  void nftablesKubeProxyAlwaysFullyRandom() {
    noFindings(Fixtures.run(new KubeProxyMasqueradeRandomFully(), Map.of("nodes/node1/netfilter/nft-ruleset.txt",
        KubeProxyFixtures.NFT, STATS, FAILING)));
  }

  @Test
  void withoutConntrackStatsItCannotDecide() {
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, Fixtures.run(new KubeProxyMasqueradeRandomFully(),
        Map.of(IPT, KubeProxyFixtures.IPTABLES)).status());
  }
}
