package dev.packetwalk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar in its own JVM, as the launcher does: packaging can break what in-process tests cannot see
 * (a lost manifest attribute, a missing resource).
 */
class PackagedJarIT {
  @TempDir Path tmp;

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("packetwalk.jar", "target/packetwalk.jar"));
    assertTrue(Files.exists(jar), "no packaged jar at " + jar);
    List<String> cmd = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void quickStartCommandWritesAllReports() throws Exception {
    Path sample = Path.of(System.getProperty("packetwalk.repo", "..")).resolve("samples/dns-down.tar.gz").normalize();
    Path html = tmp.resolve("r.html");
    Path json = tmp.resolve("r.json");
    Path md = tmp.resolve("r.md");
    Result r = run("analyze", sample.toString(), "--html", html.toString(), "--json", json.toString(),
        "--markdown", md.toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("CRITICAL"), r.out());
    assertTrue(Files.readString(html).contains("kube-dns"));
    assertTrue(Files.readString(json).contains("\"schemaVersion\""));
    assertTrue(Files.readAllLines(md).size() <= 60);
    assertTrue(r.err().isEmpty() || !r.err().contains("Exception"), r.err());
  }

  @Test
  void versionAndChecksWork() throws Exception {
    Result v = run("--version");
    assertEquals(0, v.exit());
    assertTrue(v.out().startsWith("packetwalk "), v.out());
    Result c = run("checks", "dns-coredns-crashloop");
    assertEquals(0, c.exit());
    assertTrue(c.out().contains("## What it detects"), c.out());
  }
}
