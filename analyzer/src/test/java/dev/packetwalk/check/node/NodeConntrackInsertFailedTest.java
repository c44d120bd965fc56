package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeConntrackInsertFailedTest {
  static final String STATS = "nodes/node1/conntrack/conntrack-S.txt";
  static final String IPT = "nodes/node1/netfilter/iptables-save.txt";

  static Map<String, String> racing() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    NodeCheckFixtures.edit(m, STATS, "cpu=1   \tfound=0 invalid=0 insert=0 insert_failed=0",
        "cpu=1   \tfound=0 invalid=0 insert=0 insert_failed=41");
    return m;
  }

  @Test
  void realNodeHasNoRaces() {
    noFindings(Fixtures.run(new NodeConntrackInsertFailed(), NodeFixtures.realCluster()));
  }

  @Test
  void insertFailedNamesTheDnsRace() {
    Finding f = single(Fixtures.run(new NodeConntrackInsertFailed(), racing()));
    explains(f, "41", "5-second", "A and AAAA");
    assertTrue(f.remediation().contains("single-request-reopen") && f.remediation().contains("NodeLocal DNSCache"));
    assertFalse(f.explanation().contains("--random-fully"), f.explanation());
  }

  @Test
  void masqueradeWithoutRandomFullyIsCited() {
    Map<String, String> m = racing();
    String ipt = m.get(IPT);
    int nat = ipt.indexOf("*nat");
    int commit = ipt.indexOf("COMMIT", nat);
    String rule = "[0:0] -A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" "
        + "-j MASQUERADE";
    m.put(IPT, ipt.substring(0, commit) + ":KUBE-POSTROUTING - [0:0]\n" + rule + "\n" + ipt.substring(commit));
    Finding f = single(Fixtures.run(new NodeConntrackInsertFailed(), m));
    explains(f, "KUBE-POSTROUTING", "--random-fully");
    int line = dev.packetwalk.check.CheckAssertions.lineOf(m.get(IPT), "-j MASQUERADE");
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().equals(IPT) && e.line() == line), f.evidence()::toString);
  }
}
