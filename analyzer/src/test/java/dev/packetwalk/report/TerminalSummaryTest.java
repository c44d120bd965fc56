package dev.packetwalk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalSummaryTest {

  @Test
  void countsTopFindingsAndWhereWritten() {
    String out = TerminalSummary.render(ReportFixtures.manyFindings(12), false,
        List.of(Path.of("/tmp/out/packetwalk-report.html")));
    assertTrue(out.contains("  CRITICAL    3"), out);
    assertTrue(out.contains("  INFO        3"), out);
    assertEquals(5, out.lines().filter(l -> l.startsWith("  CRITICAL ") && l.contains("Finding number")
        || l.startsWith("  ERROR    ") && l.contains("Finding number") || l.startsWith("  WARNING  ")
        && l.contains("Finding number") || l.startsWith("  INFO     ") && l.contains("Finding number")).count(),
        out);
    assertTrue(out.contains("… 7 more in the report"), out);
    assertTrue(out.contains("Report written: /tmp/out/packetwalk-report.html"));
    assertFalse(out.contains("\u001b"), "no colour when asked for none");
  }

  @Test
  void capturesGetOneLineWithPacketsAndTheCommonestProblems() {
    Path sample = Path.of(System.getProperty("packetwalk.repo", "..")).resolve("samples/capture-dns-down.tar.gz");
    var r = new dev.packetwalk.analysis.Analyzer(dev.packetwalk.bundle.BundleLimits.DEFAULT, List.of(), false)
        .analyze(List.of(sample));
    String out = TerminalSummary.render(r, false);
    long packets = r.captures().stream().mapToLong(c -> c.summary().packets()).sum();
    assertTrue(packets > 0);
    String line = out.lines().filter(l -> l.startsWith("  captures: ")).findFirst().orElseThrow(() ->
        new AssertionError(out));
    assertTrue(line.contains(r.captures().size() + " file") && line.contains(packets + " packets")
        && line.contains("packetwalk.dns.no_response"), line);
    assertFalse(TerminalSummary.render(ReportFixtures.result(), false).contains("captures:"), "no line without any");
  }

  @Test
  void colourOnlyWhenAsked() {
    assertTrue(TerminalSummary.render(ReportFixtures.result(), true).contains("\u001b[1;35m"));
  }

  @Test
  void bundleTextCannotDriveTheTerminal() {
    assertEquals("evil?[2J?0;title?", TerminalSummary.clean("evil\u001b[2J\u009d0;title\u0007"));
    assertEquals("a b", TerminalSummary.clean("a\nb"));
  }
}
