package dev.packetwalk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.Checks;
import dev.packetwalk.testing.TarBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process with captured output. */
class CliTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static final String PODS = """
      {"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "shop"},
         "spec": {"nodeName": "n1"}, "status": {"phase": "Running", "podIP": "10.244.1.5"}}]}
      """;

  @Test
  void checksListsTheCatalogAndShowsDocs() {
    Run r = run("checks");
    assertEquals(0, r.exit());
    for (Check c : Checks.ALL) assertTrue(r.out().contains(c.info().id()), c.info().id());
    if (!Checks.ALL.isEmpty()) {
      String id = Checks.ALL.get(0).info().id();
      Run doc = run("checks", id);
      assertEquals(0, doc.exit());
      assertTrue(doc.out().length() > 100, doc.out());
    }
    assertEquals(2, run("checks", "no-such-check").exit());
  }

  @Test
  void usageErrorsAndUnusableInputExitTwo() throws IOException {
    assertEquals(2, run("analyze").exit());
    assertEquals(2, run("analyze", "x.tgz", "--fail-on", "sometimes").exit());
    Run missing = run("analyze", dir.resolve("nope.tgz").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("no such file"), missing.err());
    assertFalse(missing.err().contains("Exception"), missing.err());
    Path garbage = Files.writeString(dir.resolve("g.tar.gz"), "not an archive");
    assertEquals(2, run("analyze", garbage.toString()).exit());
  }

  @Test
  void refusesToWriteOverOrIntoTheInput() throws IOException {
    Path b = new TarBuilder().file("cluster/pods.json", PODS).withManifest().writeTarGz(dir.resolve("b.tgz"));
    byte[] before = Files.readAllBytes(b);
    Run r = run("analyze", b.toString(), "--json", b.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("is an input bundle"), r.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(b)));
    Path d = Files.createDirectories(dir.resolve("d/cluster"));
    Files.writeString(d.resolve("pods.json"), PODS);
    assertEquals(2, run("analyze", d.getParent().toString(), "--html", d.resolve("r.html").toString()).exit());
  }

  @Test
  void hostileBundleIsReportedAndTheRestAnalysed() throws IOException {
    Path b = new TarBuilder().file("cluster/pods.json", PODS).file("../../evil", "x").symlink("cluster/nodes.json",
        "/etc/passwd").withManifest().writeTarGz(dir.resolve("h.tgz"));
    Path out = Files.createDirectories(dir.resolve("out"));
    List<Path> before = list(dir);
    Run r = run("analyze", b.toString(), "--json", out.resolve("r.json").toString(), "--html",
        out.resolve("r.html").toString(), "--markdown", out.resolve("r.md").toString());
    assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
    assertTrue(r.err().contains("climbs out of the bundle"), r.err());
    assertTrue(r.err().contains("symbolic link"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    // the rest of the bundle was analysed: pods.json parsed, its pod counted
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("r.json").toFile());
    boolean podsParsed = false;
    for (var c : json.path("coverage")) {
      podsParsed |= c.path("path").asText().equals("cluster/pods.json") && c.path("status").asText().equals("parsed");
    }
    assertTrue(podsParsed, json.path("coverage").toString());
    assertEquals(1, json.path("inventory").path("pods").asInt(), json.path("inventory").toString());
    List<Path> after = list(dir);
    List<Path> created = after.stream().filter(p -> !before.contains(p)).toList();
    assertEquals(List.of(out.resolve("r.html"), out.resolve("r.json"), out.resolve("r.md")), created,
        "nothing but the requested outputs may be written");
  }

  @Test
  void inspectShowsCoverageAndIntegrity() throws IOException {
    Path b = new TarBuilder().file("cluster/pods.json", PODS).withManifest().unlisted("cluster/extra.json", "{}")
        .writeTarGz(dir.resolve("b.tgz"));
    Run r = run("inspect", b.toString());
    assertTrue(r.out().contains("cluster/pods.json"), r.out());
    assertTrue(r.out().contains("PARSED"), r.out());
    assertTrue(r.out().contains("MISSING"), r.out());
    assertTrue(r.out().contains("not listed in the manifest"), r.out());
    assertEquals(1, r.exit());
  }

  private static List<Path> list(Path d) throws IOException {
    try (Stream<Path> s = Files.walk(d)) {
      return s.sorted().toList();
    }
  }
}
