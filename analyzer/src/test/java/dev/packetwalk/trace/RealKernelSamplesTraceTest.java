package dev.packetwalk.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.trace.walk.Tracer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The tracer against real traffic, without root: each committed real-kernel sample bundle
 * ({@code samples/real-kernel/<world>.tar.gz}) comes with what real traffic did in its namespaces
 * ({@code <world>.probes.json}); the tracer's verdict for every probe must equal it.
 */
class RealKernelSamplesTraceTest {

  static Path dir() {
    return Path.of(System.getProperty("packetwalk.repo", "..")).resolve("samples/real-kernel");
  }

  @TestFactory
  Stream<DynamicTest> everyProbeOfEveryWorld() throws IOException {
    List<Path> worlds;
    try (Stream<Path> s = Files.list(dir())) {
      worlds = s.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).sorted().toList();
    }
    assertFalse(worlds.isEmpty(), "no real-kernel samples under " + dir());
    return worlds.stream().map(w -> DynamicTest.dynamicTest(w.getFileName().toString(), () -> check(w)));
  }

  private static void check(Path bundle) throws IOException {
    String world = bundle.getFileName().toString().replace(".tar.gz", "");
    AnalysisResult r = new Analyzer(BundleLimits.DEFAULT, List.of(), false).analyze(List.of(bundle));
    Tracer tracer = new Tracer(r.cluster(), r.nodes());
    List<String> wrong = new ArrayList<>();
    List<ProbeFlows.Probe> probes = ProbeFlows.read(dir().resolve(world + ".probes.json"), r.cluster(), r.nodes());
    for (ProbeFlows.Probe p : probes) {
      Trace t = tracer.trace(p.flow());
      if (!p.agrees(t)) {
        wrong.add(p.id() + ": real " + p.outcome() + ", traced " + t.verdict()
            + (t.breakAt() == null ? "" : " at " + t.breakAt().node() + " " + t.breakAt().step().text()));
      }
    }
    assertEquals(List.of(), wrong, world + ": " + wrong.size() + " of " + probes.size() + " probes disagree");
  }
}
