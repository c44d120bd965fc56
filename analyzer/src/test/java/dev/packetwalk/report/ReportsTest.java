package dev.packetwalk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  @TempDir
  Path dir;

  @Test
  void writesAllThreeIntoADirectory() throws IOException {
    AnalysisResult r = ReportFixtures.result();
    List<Path> written = Reports.writeAll(r, dir.resolve("out"));
    assertEquals(List.of(Reports.HTML_FILE, Reports.JSON_FILE, Reports.MARKDOWN_FILE),
        written.stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(Reports.html(r), Files.readString(written.get(0), StandardCharsets.UTF_8));
    assertEquals(Reports.json(r), Files.readString(written.get(1), StandardCharsets.UTF_8));
    assertEquals(Reports.markdown(r), Files.readString(written.get(2), StandardCharsets.UTF_8));
    try (Stream<Path> left = Files.list(dir.resolve("out"))) {
      assertEquals(3, left.count(), "no temp files left behind");
    }
    // overwriting is fine
    Reports.writeHtml(r, written.get(0));
  }

  /** Every template says what it renders and which model it expects (the @ftlvariable header), and auto-escapes. */
  @Test
  void everyTemplateDocumentsItsModel() throws IOException {
    List<String> templates = List.of("report.ftlh", "sections/header.ftlh", "sections/summary.ftlh",
        "sections/findings.ftlh", "sections/coverage.ftlh", "sections/checks.ftlh", "sections/inventory.ftlh",
        "sections/nodes.ftlh", "sections/paths.ftlh", "sections/captures.ftlh");
    for (String t : templates) {
      String text = resource("reports-templates/" + t);
      assertTrue(text.startsWith("<#ftl output_format=\"HTML\""), t + ": must declare HTML output (auto-escape)");
      assertTrue(text.contains("<#-- @ftlvariable name=\"report\" type=\"dev.packetwalk.report.ReportModel\" -->"),
          t + ": @ftlvariable header");
      assertTrue(!text.contains("?no_esc") || t.equals("report.ftlh"), t + ": ?no_esc outside the layout");
    }
    String layout = resource("reports-templates/report.ftlh");
    assertEquals(2, HtmlReportTest.count(layout, "?no_esc}"), "only css and js are unescaped");
    assertTrue(layout.contains("${css?no_esc}") && layout.contains("${js?no_esc}"));
  }

  @Test
  void assetsThatCouldEndTheirElementAreRefused() {
    String css = HtmlReport.asset("assets/report.css", "</style");
    assertTrue(css.contains(".finding"));
    try {
      HtmlReport.asset("assets/report.css", ".finding");
      throw new AssertionError("expected refusal");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage().contains("cannot be inlined"));
    }
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = ReportsTest.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new AssertionError("not on the classpath: " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
