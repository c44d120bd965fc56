package dev.packetwalk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.Trace;
import org.junit.jupiter.api.Test;

class PathDiagramTest {
  @Test
  void boxesWrapIntoRowsAndTheBreakIsHighlightedWithItsLine() {
    Trace t = PathFixtures.broken(PathFixtures.CLIENT);
    Branch b = t.branches().get(0);
    PathDiagram.Diagram d = PathDiagram.of(b, b.breakAt().step(), PathFixtures.EXCERPTS);
    assertEquals(14, d.boxes().size(), "one box per step");
    assertEquals(13, d.links().size());
    assertEquals(3, d.boxes().stream().mapToInt(PathDiagram.Box::y).distinct().count(), "6 + 6 + 2 in rows");
    PathDiagram.Box fail = d.boxes().stream().filter(PathDiagram.Box::fail).findFirst().orElseThrow();
    assertEquals(13, fail.number());
    assertEquals(1, d.boxes().stream().filter(PathDiagram.Box::fail).count());
    assertEquals("filter FORWARD", fail.title());
    assertEquals("policy DROP", fail.detail());
    assertNotNull(d.callout());
    assertEquals("nodes/node-b/netfilter/iptables-save.txt:3", d.callout().location());
    assertEquals(":FORWARD DROP [1843:110580]", d.callout().excerpt());
    assertTrue(d.callout().y() > fail.y() + fail.h(), "the evidence line sits under the failing box");
    for (PathDiagram.Box x : d.boxes()) {
      assertTrue(x.x() >= 0 && x.x() + x.w() <= d.width() && x.y() + x.h() < d.height(), "inside: " + x);
    }
    // lanes: the pod, node-a (split over two rows), the underlay, node-b (split over two rows)
    assertEquals(6, d.lanes().size());
    assertEquals("place-underlay", d.lanes().get(3).css());
  }

  @Test
  void aWorkingBranchHasNoHighlight() {
    Branch ok = PathFixtures.delivered(PathFixtures.CLIENT).branches().get(0);
    PathDiagram.Diagram d = PathDiagram.of(ok, null, PathExcerpts.NONE);
    assertTrue(d.boxes().stream().noneMatch(PathDiagram.Box::fail));
    assertNull(d.callout());
    assertTrue(d.boxes().get(10).css().endsWith(" reply"), "reply steps are drawn apart");
  }

  @Test
  void textIsCutToTheBox() {
    Branch b = TraceTextTest.longTrace().branches().get(0);
    PathDiagram.Diagram d = PathDiagram.of(b, b.breakAt().step(), PathExcerpts.NONE);
    assertEquals(30, d.boxes().size());
    assertEquals(5, d.boxes().stream().mapToInt(PathDiagram.Box::y).distinct().count());
    for (PathDiagram.Box x : d.boxes()) {
      assertTrue(x.title().length() <= 19 && x.detail().length() <= 23, x.title() + " / " + x.detail());
      assertTrue(x.tooltip().contains(x.number() + ". "), "the tooltip carries the whole step");
    }
    assertTrue(d.boxes().get(28).title().endsWith("…"));
    assertEquals("dropped by policy", d.boxes().get(29).title());
    assertEquals("nodes/node-a/netfilter/iptables-save.txt:30", d.callout().location());
    assertEquals("", d.callout().excerpt());
  }
}
