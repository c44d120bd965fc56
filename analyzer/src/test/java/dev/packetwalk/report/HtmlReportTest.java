package dev.packetwalk.report;

import static dev.packetwalk.report.ReportFixtures.HOSTILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static final AnalysisResult RESULT = ReportFixtures.result();
  private static final String HTML = HtmlReport.render(RESULT);

  @Test
  void rendersTheSameBytesTwice() {
    assertEquals(HTML, HtmlReport.render(ReportFixtures.result()));
  }

  @Test
  void bundleTextIsEscapedEverywhere() {
    // The page has exactly one script element (ours) and one style element (ours).
    assertEquals(1, count(HTML, "<script"), "script elements");
    assertEquals(1, count(HTML, "</script>"), "script end tags");
    assertEquals(1, count(HTML, "<style"), "style elements");
    assertEquals(1, count(HTML, "</style>"), "style end tags");
    assertFalse(HTML.contains("alert(1)</script>"));
    assertFalse(HTML.contains("\"quotes\""), "double quotes from the bundle must be escaped");
    assertFalse(HTML.contains("'single'"), "single quotes from the bundle must be escaped");
    assertFalse(HTML.contains(" &amp; </style>"), "& from the bundle must be escaped (&amp;amp;)");
    assertTrue(HTML.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(HTML.contains("&amp;amp;"));
    assertTrue(HTML.contains("&lt;/style&gt;"));
  }

  @Test
  void escapedInEveryPlaceTheBundleReaches() {
    String esc = "&lt;script&gt;alert(1)&lt;/script&gt;";
    // cluster context (title and header), pod name (inventory, subject), label (selector), log line (excerpt),
    // check reason, check error, explanation, remediation
    assertTrue(HTML.contains("<title>packetwalk report: prod-eu-1 " + esc));
    assertTrue(HTML.contains("<td>" + esc + "</td>"), "pod name in the pods table");
    assertTrue(HTML.contains("app=" + esc), "selector in the services table");
    assertTrue(HTML.contains("[ERROR] " + esc), "log excerpt");
    assertTrue(HTML.contains("reason quoting the bundle: " + esc), "INSUFFICIENT_INFO reason");
    assertTrue(HTML.contains("boom " + esc), "check error");
  }

  @Test
  void loadsNothingFromAnyUrl() {
    assertNoExternalReferences(HTML);
    assertTrue(HTML.contains("<link rel=\"icon\" href=\"data:,\">"));
    assertTrue(HTML.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline';"
        + " img-src data:\""));
  }

  /** Fails on any src/href/action that is not a same-page fragment or a data: URI, and any non-data url() in CSS. */
  static void assertNoExternalReferences(String html) {
    Matcher attr = Pattern.compile("(?i)\\b(src|href|action|srcset|poster|data|xlink:href)\\s*=\\s*[\"']?([^\"'\\s>]*)")
        .matcher(html);
    List<String> bad = new ArrayList<>();
    while (attr.find()) {
      String v = attr.group(2).toLowerCase(Locale.ROOT);
      if (!(v.startsWith("#") || v.startsWith("data:"))) bad.add(attr.group());
    }
    Matcher url = Pattern.compile("(?i)url\\(\\s*['\"]?([^)'\"]*)").matcher(html);
    while (url.find()) {
      if (!url.group(1).toLowerCase(Locale.ROOT).startsWith("data:")) bad.add(url.group());
    }
    Matcher imp = Pattern.compile("(?i)@import|(?<![a-z])//[a-z0-9.-]+\\.[a-z]{2,}/").matcher(html);
    while (imp.find()) bad.add(imp.group());
    assertTrue(bad.isEmpty(), "external references: " + bad);
    assertFalse(html.toLowerCase(Locale.ROOT).matches("(?s).*(src|href)\\s*=\\s*[\"']?(https?:|//).*"));
  }

  @Test
  void hasEverySectionInOrder() {
    int last = -1;
    // "paths" is there only when something was traced (PathsSectionTest)
    for (String id : List.of("summary", "findings", "coverage", "checks", "inventory", "nodes", "captures")) {
      int at = HTML.indexOf("<section id=\"" + id + "\"");
      assertTrue(at > last, "section " + id + " missing or out of order");
      last = at;
    }
  }

  @Test
  void findingsAreGroupedByLayerOutermostFirst() {
    int infra = HTML.indexOf("id=\"layer-infrastructure\"");
    int kube = HTML.indexOf("id=\"layer-kubernetes\"");
    int cni = HTML.indexOf("id=\"layer-cni\"");
    int addons = HTML.indexOf("id=\"layer-addons\"");
    assertTrue(infra > 0 && infra < kube && kube < cni && cni < addons);
    assertTrue(HTML.indexOf("data-severity=\"critical\"") > infra && HTML.indexOf("data-severity=\"critical\"") < kube);
    assertEquals(4, count(HTML, "<details class=\"finding "));
    for (String sev : List.of("Critical", "Error", "Warning", "Info")) {
      assertTrue(HTML.contains("<span>" + sev + "</span>"), "severity written out, not colour only: " + sev);
    }
  }

  @Test
  void evidenceShowsFileAndLine() {
    assertTrue(HTML.contains("<code class=\"loc\">logs/kube-system/coredns-5d78c9869d-abcde/coredns.log:2</code>"));
    assertTrue(HTML.matches("(?s).*<code class=\"loc\">cluster/nodes\\.json:\\d+</code>.*"));
    assertTrue(HTML.contains("i/o timeout</pre>"));
  }

  @Test
  void coverageAndDiagnosticsAreListed() {
    assertTrue(HTML.contains("cov-failed"), "the broken endpoints.json");
    assertTrue(HTML.contains("cov-skipped"), "endpointslices skipped by the collector");
    assertTrue(HTML.contains("FORBIDDEN"));
    assertTrue(HTML.contains("cov-unused"), "node files");
    assertTrue(HTML.matches("(?s).*<code>cluster/endpoints\\.json:\\d+</code>.*"), "diagnostic with file:line");
  }

  @Test
  void inventoryLooksLikeKubectlWide() {
    assertTrue(HTML.contains("<th>INTERNAL-IP</th><th>POD-CIDR</th>"));
    assertTrue(HTML.contains("<td>node-a</td><td class=\"\">Ready</td><td>control-plane</td><td>v1.29.4</td>"
        + "<td>192.168.10.11</td><td>10.244.0.0/24</td>"));
    assertTrue(HTML.contains("<td class=\"bad\">NotReady</td>"));
    assertTrue(HTML.contains("<td>shop</td><td>web-7f9c6d5b8-x2x9q</td><td>0/1</td><td class=\"bad\">CrashLoopBackOff"
        + "</td><td class=\"num\">14</td><td>10.244.1.7</td><td>node-b</td>"));
    assertTrue(HTML.contains("<td>443:31443/TCP</td>"));
    assertTrue(HTML.contains("<span class=\"none\">&lt;pending&gt;</span>"));
    assertTrue(HTML.contains("<td>53/UDP,53/TCP</td>"));
    assertTrue(HTML.contains("<td>shop.example.test</td><td>203.0.113.10</td><td>80, 443</td>"));
  }

  @Test
  void placeholdersSayPlainlyWhatIsNotThere() {
    assertTrue(HTML.contains("<section class=\"node\" id=\"node-node-a\">"));
    assertTrue(HTML.contains("kube-proxy mode: <strong>not detected</strong>"));
    assertFalse(HTML.contains("<section id=\"paths\""), "no traced paths: no section, rather than an empty one");
    assertTrue(HTML.contains("This bundle carries no packet captures."));
  }

  @Test
  void readableWithoutJavaScript() {
    // Controls that need JS are hidden in the markup; all findings are server-rendered <details>.
    assertTrue(HTML.contains("<div class=\"toolbar\" data-js-only hidden>"));
    assertFalse(HTML.contains("<noscript"));
  }

  @Test
  void rendersAnEmptyBundle() {
    AnalysisResult empty = Fixtures.analyze(List.of(), Map.of());
    String html = HtmlReport.render(empty);
    assertTrue(html.contains("No checks ran"));
    assertTrue(html.contains("no usable <code>manifest.json</code>"));
    assertTrue(html.contains("Not in this bundle"));
    assertNoExternalReferences(html);
  }

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
    return n;
  }
}
