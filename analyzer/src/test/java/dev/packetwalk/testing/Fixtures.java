package dev.packetwalk.testing;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds in-memory bundles from text blocks keyed by bundle path, and runs the real pipeline over them. Checks are
 * tested through the same parse → model → check path users get, never against hand-built model objects alone.
 */
public final class Fixtures {
  private Fixtures() {}

  /** A bundle of the given files (no manifest, no archive). Content may be JSON or YAML, one or many documents. */
  public static Bundle bundle(Map<String, String> files) {
    TreeMap<String, byte[]> bytes = new TreeMap<>();
    files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    return new Bundle(List.of(new Bundle.Source("fixture", "memory", "", 0)), bytes, List.of());
  }

  public static AnalysisResult analyze(List<Check> checks, Map<String, String> files) {
    return new Analyzer(BundleLimits.DEFAULT, checks).analyze(bundle(files));
  }

  /** The result of one check over the files. */
  public static CheckResult run(Check check, Map<String, String> files) {
    return analyze(List.of(check), files).checks().get(0);
  }
}
