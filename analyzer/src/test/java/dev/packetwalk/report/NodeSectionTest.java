package dev.packetwalk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.check.Checks;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import org.junit.jupiter.api.Test;

/** The Nodes section over the real node bundle: veth ↔ pod, drops with counters and deltas, links to findings. */
class NodeSectionTest {
  static final AnalysisResult R = Fixtures.analyze(Checks.ALL, NodeFixtures.realCluster());

  @Test
  void nodeViewShowsDropsModeAndFindings() {
    NodeView n = ReportModel.of(R).nodes().get(0);
    assertEquals("iptables", n.proxyMode());
    NodeView.DropRow drop = n.drops().stream().filter(d -> d.chain().equals("OUTPUT")).findFirst().orElseThrow();
    assertTrue(drop.delta().startsWith("+"), drop.toString());
    assertEquals("nodes/node1/netfilter/iptables-save.txt:" + NodeFixtures.line(
        "nodes/node1/netfilter/iptables-save.txt", "-d 10.244.1.77/32 -j DROP"), drop.location());
    assertTrue(n.findingIds().stream().anyMatch(id -> id.startsWith("node-ip-forward-disabled")), n.findingIds()
        .toString());
  }

  @Test
  void htmlIsDeterministicAndLinksFindings() {
    String html = HtmlReport.render(R);
    assertEquals(html, HtmlReport.render(Fixtures.analyze(Checks.ALL, NodeFixtures.realCluster())));
    assertTrue(html.contains("<td>veth1a2b3c4d</td><td>veth</td>"));
    assertTrue(html.contains("<a href=\"#finding-"));
  }
}
