package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeConntrackPressureTest {
  static final String COUNT = "nodes/node1/conntrack/conntrack-C.txt";
  static final String SYSCTL = "nodes/node1/kernel/sysctl.txt";

  @Test
  void realNodeIsEmpty() {
    noFindings(Fixtures.run(new NodeConntrackPressure(), NodeFixtures.realCluster()));
  }

  @Test
  void ninetyPercentIsAWarning() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put(COUNT, "240000\n");
    Finding f = single(Fixtures.run(new NodeConntrackPressure(), m));
    assertEquals(Severity.WARNING, f.severity());
    explains(f, "240000", "262144", "91.6%");
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().equals(COUNT) && e.line() == 1));
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().equals(SYSCTL)
        && e.line() == NodeFixtures.line(SYSCTL, "net.netfilter.nf_conntrack_max")));
  }

  @Test
  void fullTableIsAnError() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put(COUNT, "262000\n");
    assertEquals(Severity.ERROR, single(Fixtures.run(new NodeConntrackPressure(), m)).severity());
  }

  @Test
  void earlyDropsWithARoomyTable() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    NodeCheckFixtures.edit(m, "nodes/node1/conntrack/conntrack-S.txt", "drop=0 early_drop=0 error=0 search_restart=0 "
        + "clash_resolve=0 chaintoolong=0 \ncpu=1", "drop=3 early_drop=12 error=0 search_restart=0 clash_resolve=0 "
        + "chaintoolong=0 \ncpu=1");
    Finding f = single(Fixtures.run(new NodeConntrackPressure(), m));
    explains(f, "drop=3", "early_drop=12", "dropping packets");
  }
}
