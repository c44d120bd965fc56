package dev.packetwalk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

  @Test
  void summaryOfTheFixture() {
    String md = MarkdownReport.render(ReportFixtures.result());
    assertTrue(md.startsWith("### packetwalk: prod\\-eu") || md.startsWith("### packetwalk: prod-eu"), md);
    assertTrue(md.contains("collected 2024-05-01 10:00:00 – 10:03:27 UTC ·"), md);
    assertFalse(md.contains("UTC UTC"));
    assertTrue(md.contains("**1 critical · 1 error · 1 warning · 1 info**"), md);
    assertTrue(md.contains("| CRITICAL | Node node\\-b is NotReady") || md.contains("| CRITICAL | Node node-b"), md);
    assertTrue(md.contains("`cluster/nodes.json:11`"), md);
    assertTrue(md.contains("`cluster/endpoints.json` failed"), md);
    assertTrue(md.contains("`cluster/endpointslices.json` skipped: FORBIDDEN"), md);
    assertFalse(md.contains("more finding"), "nothing was cut");
    assertTrue(md.lines().count() <= MarkdownReport.MAX_LINES);
  }

  @Test
  void atMostSixtyLinesWithManyFindings() {
    AnalysisResult many = ReportFixtures.manyFindings(250);
    String md = MarkdownReport.render(many);
    long lines = md.lines().count();
    assertTrue(lines <= 60, lines + " lines:\n" + md);
    assertTrue(md.contains("_" + (250 - MarkdownReport.MAX_FINDINGS) + " more findings in the HTML report._"), md);
    // most severe first: the first rows are critical
    assertTrue(md.lines().filter(l -> l.startsWith("| ")).skip(1).findFirst().orElseThrow().startsWith("| CRITICAL"));
  }

  @Test
  void bundleTextCannotBecomeMarkupOrBreakTheTable() {
    String md = MarkdownReport.render(ReportFixtures.manyFindings(3));
    assertFalse(md.contains("<script>"), md);
    assertTrue(md.contains("\\<script\\>alert(1)\\</script\\>"), md);
    // a newline and a pipe inside a title stay inside its row
    md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Severity")).forEach(l ->
        assertEquals(4, l.replace("\\|", "").chars().filter(c -> c == '|').count(), l));
    assertEquals("`a'b`", MarkdownReport.code("a`b"));
  }

  @Test
  void capturesGetOneLine() {
    java.nio.file.Path sample = java.nio.file.Path.of(System.getProperty("packetwalk.repo", ".."))
        .resolve("samples/capture-dns-down.tar.gz");
    var r = new dev.packetwalk.analysis.Analyzer(dev.packetwalk.bundle.BundleLimits.DEFAULT, java.util.List.of(),
        false).analyze(java.util.List.of(sample));
    String md = MarkdownReport.render(r);
    org.junit.jupiter.api.Assertions.assertTrue(md.lines().anyMatch(l -> l.startsWith("**Captures:** 1 file, ")
        && l.contains("no\\_response")), md);
    org.junit.jupiter.api.Assertions.assertTrue(md.lines().count() <= 60);
  }
}
