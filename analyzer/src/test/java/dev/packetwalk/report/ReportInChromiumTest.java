package dev.packetwalk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in a real headless Chromium, offline, and checks what a reader's browser would do: no console
 * message at all (no script error, no Content-Security-Policy violation), no request for anything but the file
 * itself, our script running under the page's CSP, and hostile bundle text shown as text. Screenshots go to
 * {@code analyzer/target/screenshots/}.
 *
 * <p>Skipped, visibly, when no Chromium is installed (Debian: {@code apt-get install chromium}). Set
 * {@code -Dpacketwalk.chromium=/path/to/chrome} to use another binary. A canary page proves that the harness does
 * see console errors and network requests, so that a silent browser cannot make this test pass vacuously.
 */
class ReportInChromiumTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Optional<Path> chromium;

  @TempDir
  Path tmp;

  @BeforeAll
  static void findChromium() {
    chromium = locate();
  }

  private static Optional<Path> locate() {
    String configured = System.getProperty("packetwalk.chromium", "");
    if (!configured.isEmpty()) return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static void requireChromium() {
    assumeTrue(chromium.isPresent(), "chromium not installed: skipping the real-browser report test");
  }

  /** What one headless run produced. */
  record Run(String stdout, List<String> console, List<String> pageRequests) {}

  private Run run(Path page, String fragment, List<String> extra) throws Exception {
    Path profile = Files.createTempDirectory(tmp, "profile");
    Path netlog = tmp.resolve("netlog-" + System.nanoTime() + ".json");
    List<String> cmd = new ArrayList<>(List.of(chromium.orElseThrow().toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--log-level=0",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--log-net-log=" + netlog));
    cmd.addAll(extra);
    cmd.add(page.toUri() + fragment);
    Path out = tmp.resolve("stdout-" + System.nanoTime());
    Path err = tmp.resolve("stderr-" + System.nanoTime());
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s: " + cmd);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    return new Run(Files.readString(out, StandardCharsets.UTF_8), console, pageRequests(netlog));
  }

  /**
   * URLs the page asked the network stack for. The browser's own background requests (update checks and the like)
   * are told apart by their network isolation key, which for a page opened from disk is {@code file://}.
   */
  private static List<String> pageRequests(Path netlog) throws IOException {
    if (!Files.exists(netlog)) throw new AssertionError("chromium wrote no net log");
    JsonNode log = JSON.readTree(netlog.toFile());
    int startJob = log.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB").asInt(-1);
    assertTrue(startJob >= 0, "net log format changed: no URL_REQUEST_START_JOB");
    List<String> urls = new ArrayList<>();
    for (JsonNode e : log.path("events")) {
      if (e.path("type").asInt() != startJob) continue;
      JsonNode params = e.path("params");
      String key = params.path("network_isolation_key").asText("") + " " + params.path("site_for_cookies").asText("");
      if (key.contains("file://")) urls.add(params.path("url").asText());
    }
    return urls;
  }

  @Test
  void harnessSeesConsoleErrorsAndRequests() throws Exception {
    requireChromium();
    Path canary = tmp.resolve("canary.html");
    Files.writeString(canary, """
        <!DOCTYPE html><html><head><title>canary</title></head><body>
        <img src="http://canary.invalid/pixel.png" alt="">
        <script>console.error("canary"); notDefined();</script></body></html>
        """);
    Run r = run(canary, "", List.of("--dump-dom"));
    assertTrue(r.console().stream().anyMatch(l -> l.contains("canary")), "console.error not seen: " + r.console());
    assertTrue(r.console().stream().anyMatch(l -> l.contains("Uncaught")), "exception not seen: " + r.console());
    assertTrue(r.pageRequests().contains("http://canary.invalid/pixel.png"), "request not seen: " + r.pageRequests());
  }

  @Test
  void reportIsQuietOfflineAndEscaped() throws Exception {
    requireChromium();
    Path page = Path.of(Reports.writeHtml(PathFixtures.withPaths(ReportFixtures.result(),
        PathFixtures.all(ReportFixtures.HOSTILE_POD)), ref -> ReportFixtures.HOSTILE, tmp.resolve("report.html"))
        .toString());
    Run r = run(page, "", List.of("--dump-dom"));
    assertEquals(List.of(), r.console(), "the report must log nothing (errors, CSP violations)");
    assertEquals(List.of(), r.pageRequests(), "the report must request nothing");
    String dom = r.stdout();
    assertTrue(dom.contains("<html lang=\"en\" class=\"js\">"), "report.js did not run under the page's CSP");
    assertTrue(dom.contains("<div class=\"toolbar\" data-js-only=\"\">"), "report.js did not show the toolbar");
    // The hostile pod name is text in the DOM: serialised escaped, never an element.
    assertTrue(dom.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"), "hostile pod name not shown as text");
    // ... and in the paths section: the matrix, the inline SVG's text, and a quoted evidence line
    assertTrue(dom.contains("<th scope=\"row\">pod/&lt;script&gt;alert(1)&lt;/script&gt;</th>"), "matrix row");
    assertTrue(dom.matches("(?s).*<text class=\"lane-label\" x=\"\\d+\" y=\"\\d+\">pod &lt;script&gt;alert.*"),
        "hostile pod name not shown as SVG text");
    assertTrue(dom.contains("<pre class=\"excerpt\">&lt;script&gt;alert(1)&lt;/script&gt;"), "excerpt as text");
    assertEquals(1, HtmlReportTest.count(dom, "<script"), "only our own script element may exist");
    assertEquals(1, HtmlReportTest.count(dom, "<style"), "only our own style element may exist");
  }

  @Test
  void filterAndExpandWork() throws Exception {
    requireChromium();
    Path page = write(ReportFixtures.result(), "report.html");
    // A reader unticks "Critical" and presses "Expand all" (a test-only script plays the reader).
    String reader = "<script>var b = document.querySelector('input[data-filter-severity=critical]');"
        + "b.checked = false; b.dispatchEvent(new Event('change'));"
        + "document.querySelector('button[data-expand=open]').click();</script></body>";
    Files.writeString(page, Files.readString(page).replace("</body>", reader));
    Run r = run(page, "", List.of("--dump-dom"));
    assertEquals(List.of(), r.console());
    String dom = r.stdout();
    assertTrue(dom.contains("<details class=\"finding sev-critical\" id=\"finding-1\" data-severity=\"critical\" "
        + "hidden=\"\">"), "critical finding not hidden by the filter");
    assertTrue(dom.contains("<details class=\"finding sev-error\" id=\"finding-2\" data-severity=\"error\" open=\"\">"),
        "expand all did not open the visible findings");
    assertTrue(dom.contains("0 of 1 shown"), "layer count not updated");
  }

  @Test
  void screenshots() throws Exception {
    requireChromium();
    Path dir = Path.of(System.getProperty("packetwalk.repo", ".."), "analyzer", "target", "screenshots");
    Files.createDirectories(dir);
    Path page = write(ReportFixtures.result(), "report.html");
    Files.copy(page, dir.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    shoot(page, "", dir.resolve("report-top.png"), "1400,1100", List.of());
    shoot(page, "", dir.resolve("report-full.png"), "1400,4200", List.of());
    // Headless Chromium cannot click: variants of the page stand in for a reader who opened the findings, and for
    // one whose browser runs no script (the --blink-settings switches do not stop scripts in new headless mode).
    String html = Files.readString(page);
    Path open = tmp.resolve("open.html");
    Files.writeString(open, html.replace("<details class=\"finding ", "<details open class=\"finding "));
    shoot(open, "", dir.resolve("report-findings-open.png"), "1400,2000", List.of());
    Path noJs = tmp.resolve("nojs.html");
    Files.writeString(noJs, html.replaceAll("(?s)<script>.*</script>", ""));
    shoot(noJs, "", dir.resolve("report-nojs.png"), "1400,1300", List.of());
    shoot(page, "", dir.resolve("report-dark.png"), "1400,1600", List.of("--force-dark-mode",
        "--blink-settings=preferredColorScheme=0"));
    shoot(page, "", dir.resolve("report-narrow.png"), "420,1400", List.of());
    // The README picture: an ordinary bundle, first finding opened.
    Path showcase = write(ReportFixtures.showcase(), "showcase.html");
    Files.writeString(showcase, Files.readString(showcase).replaceFirst("<details class=\"finding ",
        "<details open class=\"finding "));
    shoot(showcase, "", dir.resolve("report-showcase.png"), "1280,1500", List.of());
    // The paths section alone (a style hides the rest; the page itself is unchanged), with realistic traces.
    Path paths = tmp.resolve("paths.html");
    Reports.writeHtml(PathFixtures.withPaths(ReportFixtures.showcase(), PathFixtures.all()), PathFixtures.EXCERPTS,
        paths);
    Files.writeString(paths, Files.readString(paths).replace("</head>",
        "<style>main > section:not(#paths), .toc { display: none; }</style></head>"));
    shoot(paths, "", dir.resolve("report-paths.png"), "1400,2000", List.of());
    shoot(paths, "", dir.resolve("report-paths-dark.png"), "1400,2000", List.of("--force-dark-mode",
        "--blink-settings=preferredColorScheme=0"));
    Path empty = write(dev.packetwalk.testing.Fixtures.analyze(List.of(), java.util.Map.of()), "empty.html");
    shoot(empty, "", dir.resolve("report-empty.png"), "1400,1400", List.of());
    try (Stream<Path> shots = Files.list(dir)) {
      assertTrue(shots.filter(p -> p.toString().endsWith(".png")).count() >= 7);
    }
  }

  private void shoot(Path page, String fragment, Path png, String size, List<String> extra) throws Exception {
    List<String> args = new ArrayList<>(extra);
    args.add("--window-size=" + size);
    args.add("--screenshot=" + png.toAbsolutePath());
    Run r = run(page, fragment, args);
    assertTrue(Files.size(png) > 10_000, "screenshot looks empty: " + png);
    assertEquals(List.of(), r.console(), "console output while taking " + png.getFileName());
    assertEquals(List.of(), r.pageRequests());
  }

  private Path write(dev.packetwalk.analysis.AnalysisResult result, String name) throws IOException {
    return Reports.writeHtml(result, tmp.resolve(name));
  }
}
