package dev.packetwalk.report;

import static dev.packetwalk.report.HtmlReportTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The paths section of the HTML report, the Markdown summary's paths and the terminal's paths line. */
class PathsSectionTest {
  private static final AnalysisResult RESULT = PathFixtures.withPaths(ReportFixtures.result(), PathFixtures.all());
  private static final String HTML = HtmlReport.render(RESULT, PathFixtures.EXCERPTS);
  private static final String ESC = "&lt;script&gt;alert(1)&lt;/script&gt;";

  @Test
  void sectionAppearsOnlyWithPaths() {
    String without = HtmlReport.render(ReportFixtures.result());
    assertFalse(without.contains("<section id=\"paths\""));
    assertFalse(without.contains("href=\"#paths\""), "no table-of-contents entry either");
    int nodes = HTML.indexOf("<section id=\"nodes\"");
    int paths = HTML.indexOf("<section id=\"paths\"");
    int captures = HTML.indexOf("<section id=\"captures\"");
    assertTrue(nodes > 0 && nodes < paths && paths < captures, "paths between nodes and captures");
    assertTrue(HTML.contains("<a href=\"#paths\">Paths</a>"));
    assertTrue(HTML.contains("5 paths: 1 delivered, 1 partial, 2 broken, 1 insufficient info."));
  }

  @Test
  void everyMatrixCellLinksToItsPath() {
    Matcher m = Pattern.compile("<a class=\"mark v-([a-z-]+)\" href=\"#(path-\\d+)\"").matcher(HTML);
    List<String> seen = new ArrayList<>();
    while (m.find()) {
      seen.add(m.group(1) + " " + m.group(2));
      assertTrue(HTML.contains("id=\"" + m.group(2) + "\""), "link target missing: " + m.group(2));
    }
    assertEquals(List.of("delivered path-1", "partial path-2", "broken path-3", "broken path-4",
        "insufficient-info path-5"), seen, "one mark per path, in trace order, one source row");
    assertEquals(1, count(section(HTML), "<th scope=\"row\">"));
    assertEquals(5, count(HTML, "<th scope=\"col\" class=\"col\">"));
  }

  @Test
  void amberVerdictsAreToldApartWithoutColour() {
    // partial and insufficient info share the amber hue; the icon shape and the word tell them apart
    String partial = markOf("partial");
    String unknown = markOf("insufficient-info");
    assertTrue(partial.contains("#i-partial") && partial.contains("Partial:"), partial);
    assertTrue(unknown.contains("#i-question") && unknown.contains("Insufficient info:"), unknown);
    assertTrue(markOf("broken").contains("#i-error"));
    assertTrue(markOf("delivered").contains("#i-ok"));
  }

  private static String section(String html) {
    return html.substring(html.indexOf("<section id=\"paths\""), html.indexOf("<section id=\"captures\""));
  }

  private static String markOf(String verdict) {
    int at = HTML.indexOf("<a class=\"mark v-" + verdict + "\"");
    return HTML.substring(at, HTML.indexOf("</a>", at));
  }

  @Test
  void problemPathsAreDrawnBrokenFirstAndDeliveredOnesListed() {
    List<String> order = new ArrayList<>();
    Matcher m = Pattern.compile("<details class=\"path v-([a-z-]+)\" id=\"(path-\\d+)\" open>").matcher(HTML);
    while (m.find()) order.add(m.group(1) + " " + m.group(2));
    assertEquals(List.of("broken path-3", "broken path-4", "partial path-2", "insufficient-info path-5"), order);
    assertEquals(4, count(HTML, "<svg class=\"path-diagram\""), "one diagram per path that does not work");
    assertEquals(4, count(HTML, " fail\"><title>"), "one failing step highlighted per diagram");
    assertTrue(HTML.contains("<details class=\"paths-delivered\">"), "delivered paths collapsed");
    assertTrue(HTML.matches("(?s).*<details class=\"paths-delivered\">.*<li id=\"path-1\">.*"));
    assertEquals(1, count(HTML, "<li id=\"path-"));
  }

  @Test
  void theFailingStepShowsItsEvidenceLine() {
    String broken = pathBlock("path-3");
    assertTrue(broken.contains("<code class=\"loc\">nodes/node-b/netfilter/iptables-save.txt:3</code>"));
    assertTrue(broken.contains("<pre class=\"excerpt\">:FORWARD DROP [1843:110580]</pre>"));
    // and beside the highlighted box in the drawing
    assertTrue(broken.contains("<text class=\"callout-loc\" x=\"16\" y=\"")
        && broken.contains(">nodes/node-b/netfilter/iptables-save.txt:3</text>"), broken);
    assertTrue(broken.contains(">:FORWARD DROP [1843:110580]</text>"));
    assertTrue(broken.contains("<title>13. filter/FORWARD policy: policy DROP (no rule accepts 10.244.1.0/24; "
        + "DOCKER-USER returned) — nodes/node-b/netfilter/iptables-save.txt:3</title>"));
    // narrowing: every variant, then the first failing component
    assertEquals(4, count(broken, "<tr><td>") - count(broken, "<tr><td class=\"num\">"));
    assertTrue(broken.contains("<strong>First failing: firewall.</strong> Only packets that node-b forwards"));
    assertTrue(broken.contains("<span>Not traced</span>") && broken.contains("the destination is a pod IP already"));
    String partial = pathBlock("path-2");
    assertTrue(partial.contains("Branch 2 of 2 (KUBE-SEP-CARTBBBBBBBBBBBB), p=0.5: NEIGHBOR_UNREACHABLE"));
    assertTrue(partial.contains("<td class=\"num\">0.5</td><td><code>KUBE-SEP-CARTAAAAAAAAAAAA</code></td>"
        + "<td><span class=\"outcome ok\">DELIVERED</span></td>"), "branch table");
  }

  private static String pathBlock(String anchor) {
    int at = HTML.indexOf("id=\"" + anchor + "\"");
    return HTML.substring(at, HTML.indexOf("</details>", at));
  }

  @Test
  void bundleTextIsEscapedInTheMatrixTheDiagramAndTheExcerpts() {
    AnalysisResult hostile = PathFixtures.withPaths(ReportFixtures.result(),
        PathFixtures.all(ReportFixtures.HOSTILE_POD));
    String html = HtmlReport.render(hostile, ref -> ReportFixtures.HOSTILE);
    assertEquals(1, count(html, "<script"), "only our own script element");
    assertEquals(1, count(html, "</style>"));
    assertFalse(html.contains("alert(1)</"), "no raw markup from the bundle");
    assertTrue(html.contains("<th scope=\"row\">pod/" + ESC + "</th>"), "matrix row");
    assertTrue(html.contains("<title>pod " + ESC + "</title>"), "SVG lane tooltip");
    assertTrue(html.matches("(?s).*<text class=\"lane-label\" x=\"\\d+\" y=\"\\d+\">pod &lt;script&gt;alert.*"),
        "SVG text");
    assertTrue(html.contains("<text class=\"callout-ex\""), "hostile excerpt drawn");
    assertTrue(html.matches("(?s).*<text class=\"callout-ex\" x=\"\\d+\" y=\"\\d+\">&lt;script&gt;alert\\(1\\)"
        + "&lt;/script&gt; &quot;quotes&quot; &#39;single&#39; &amp;amp; &lt;/style&gt;</text>.*"));
    assertTrue(html.contains("<pre class=\"excerpt\">" + ESC), "break excerpt");
    HtmlReportTest.assertNoExternalReferences(html);
  }

  @Test
  void rendersTheSameBytesTwice() {
    assertEquals(HTML, HtmlReport.render(PathFixtures.withPaths(ReportFixtures.result(), PathFixtures.all()),
        PathFixtures.EXCERPTS));
  }

  @Test
  void manyBrokenPathsStayUsable() {
    AnalysisResult r = PathFixtures.withPaths(ReportFixtures.result(), manyBroken(200));
    String html = HtmlReport.render(r);
    assertEquals(PathReport.MAX_DETAILED, count(html, "<svg class=\"path-diagram\""));
    assertEquals(200 - PathReport.MAX_DETAILED, count(html, "<tr id=\"path-"), "the rest listed in a table");
    // 200 sources to one destination: rows capped to the ones that fail, all of them failing
    assertEquals(PathReport.MAX_AXIS, count(section(html), "<th scope=\"row\">"));
    assertTrue(html.contains("160 more sources"));
  }

  @Test
  void markdownListsTheBrokenPathsWithinItsBudget() {
    String md = MarkdownReport.render(ReportModel.of(RESULT));
    assertTrue(md.contains("**Paths:** 5 paths: 1 delivered, 1 partial, 2 broken, 1 insufficient info."));
    assertTrue(md.contains("- **Broken** `pod/shop/frontend-7d9f8b6c5-abcde → pod/db/postgres-0` tcp: node-b · "
        + "firewall · DENIED\\_IN `nodes/node-b/netfilter/iptables-save.txt:3`"), md);
    assertTrue(md.indexOf("**Broken**") < md.indexOf("**Partial**"), "broken first");
    assertFalse(md.contains("**Delivered**"), "delivered paths are counted, not listed");

    AnalysisResult many = PathFixtures.withPaths(ReportFixtures.manyFindings(40), manyBroken(200));
    String big = MarkdownReport.render(ReportModel.of(many));
    long lines = big.lines().count();
    assertTrue(lines <= MarkdownReport.MAX_LINES, lines + " lines");
    assertFalse(big.contains("_Cut to"), "the caps keep it in budget without the emergency cut");
    assertTrue(big.contains("**Paths:** 200 paths: 0 delivered, 0 partial, 200 broken."));
    assertEquals(MarkdownReport.MAX_PATHS, big.lines().filter(l -> l.startsWith("- **Broken**")).count());
    assertTrue(big.contains("- … 192 more broken or partial paths in the HTML report"));
  }

  @Test
  void markdownEscapesBundleText() {
    AnalysisResult hostile = PathFixtures.withPaths(ReportFixtures.result(),
        List.of(PathFixtures.broken("ns/a`b|<img src=x>")));
    String md = MarkdownReport.render(ReportModel.of(hostile));
    assertTrue(md.contains("`pod/ns/a'b|<img src=x> → pod/db/postgres-0`"), "inside a code span, backtick replaced");
  }

  @Test
  void terminalGetsOneLine() {
    String out = TerminalSummary.render(RESULT, false);
    assertEquals(1, out.lines().filter(l -> l.contains("paths:")).count());
    assertTrue(out.contains("\n  5 paths: 1 delivered, 1 partial, 2 broken, 1 insufficient info\n"), out);
    assertFalse(TerminalSummary.render(ReportFixtures.result(), false).contains("paths:"));
    assertTrue(TerminalSummary.render(RESULT, true).contains("\u001b[1;31m  5 paths"), "red when any is broken");
  }

  static List<Trace> manyBroken(int n) {
    List<Trace> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      String client = String.format("shop/client-%03d", i);
      seen.add(client);
      out.add(PathFixtures.broken(client));
    }
    assertEquals(n, seen.size());
    return out;
  }
}
