package dev.packetwalk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sample bundle, run through the real command line, gives exactly its golden findings
 * ({@code samples/<name>.expected.json}: id, severity, layer, subject, title), and the same JSON and HTML twice.
 * Run with {@code -Dpacketwalk.updateGoldens=true} to rewrite the goldens, then review the diff.
 */
class SamplesGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  @TempDir Path tmp;

  static Path samples() {
    return Path.of(System.getProperty("packetwalk.repo", "..")).resolve("samples");
  }

  static List<Path> bundles() throws IOException {
    try (Stream<Path> s = Files.list(samples())) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> samplesGiveTheirGoldenFindings() throws IOException {
    List<Path> bundles = bundles();
    assertTrue(bundles.size() >= 6, "expected at least six sample bundles in " + samples());
    return bundles.stream().map(b -> DynamicTest.dynamicTest(b.getFileName().toString(), () -> check(b)));
  }

  private void check(Path bundle) throws IOException {
    String name = bundle.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
    Path json1 = tmp.resolve(name + ".1.json");
    Path json2 = tmp.resolve(name + ".2.json");
    Path html1 = tmp.resolve(name + ".1.html");
    Path html2 = tmp.resolve(name + ".2.html");
    int exit = run("analyze", bundle.toString(), "--json", json1.toString(), "--html", html1.toString(), "-q");
    run("analyze", bundle.toString(), "--json", json2.toString(), "--html", html2.toString(), "-q");
    assertTrue(exit == 0 || exit == 1, "exit " + exit);
    assertEquals(Files.readString(json1), Files.readString(json2), "JSON differs between two runs");
    assertEquals(Files.readString(html1), Files.readString(html2), "HTML differs between two runs");

    ArrayNode actual = JSON.createArrayNode();
    for (var f : JSON.readTree(json1.toFile()).path("findings")) {
      ObjectNode o = actual.addObject();
      for (String k : List.of("id", "check", "severity", "layer", "subject", "title")) o.set(k, f.get(k));
    }
    Path golden = samples().resolve(name + ".expected.json");
    String rendered = JSON.writeValueAsString(actual) + "\n";
    if (Boolean.getBoolean("packetwalk.updateGoldens")) {
      Files.writeString(golden, rendered);
    }
    assertTrue(Files.exists(golden), "no golden file " + golden + "; run with -Dpacketwalk.updateGoldens=true");
    assertEquals(Files.readString(golden), rendered, "findings differ from " + golden);
  }

  private static int run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    return Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
  }
}
