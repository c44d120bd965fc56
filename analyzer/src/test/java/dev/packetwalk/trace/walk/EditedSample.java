package dev.packetwalk.trace.walk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.BundleReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A real-kernel sample bundle with a few files edited in memory (a sysctl flipped, a route replaced), its manifest
 * hashes updated to match, analysed without checks: one fault on top of real kernel output, for tracer tests.
 */
final class EditedSample {
  private EditedSample() {}

  static Path sample(String world) {
    return Path.of(System.getProperty("packetwalk.repo", "..")).resolve("samples/real-kernel/" + world + ".tar.gz");
  }

  static AnalysisResult analyze(String world, Map<String, UnaryOperator<String>> edits) {
    return analyze(world, edits, Map.of());
  }

  /** With {@code added} files too (listed in the manifest as the collector would list them). */
  static AnalysisResult analyze(String world, Map<String, UnaryOperator<String>> edits, Map<String, String> added) {
    Bundle b = new BundleReader(BundleLimits.DEFAULT).read(List.of(sample(world)));
    TreeMap<String, byte[]> files = new TreeMap<>(b.files());
    added.forEach((path, text) -> files.put(path, text.getBytes(StandardCharsets.UTF_8)));
    for (Map.Entry<String, UnaryOperator<String>> e : edits.entrySet()) {
      byte[] old = files.get(e.getKey());
      if (old == null) throw new IllegalArgumentException("no " + e.getKey() + " in " + world);
      String edited = e.getValue().apply(new String(old, StandardCharsets.UTF_8));
      if (edited.equals(new String(old, StandardCharsets.UTF_8))) {
        throw new IllegalArgumentException("the edit of " + e.getKey() + " changed nothing");
      }
      files.put(e.getKey(), edited.getBytes(StandardCharsets.UTF_8));
    }
    files.put("manifest.json", rehash(files.get("manifest.json"), files, edits.keySet(), added.keySet()));
    return new Analyzer(BundleLimits.DEFAULT, List.of(), false).analyze(new Bundle(b.sources(), files, b.problems()));
  }

  private static String sha256(byte[] b) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] rehash(byte[] manifest, Map<String, byte[]> files, java.util.Set<String> edited,
      java.util.Set<String> added) {
    try {
      ObjectMapper json = new ObjectMapper();
      JsonNode root = json.readTree(manifest);
      for (String path : added) {
        ObjectNode f = ((com.fasterxml.jackson.databind.node.ArrayNode) root.path("files")).addObject();
        f.put("path", path);
        f.put("sha256", sha256(files.get(path)));
        f.put("size", files.get(path).length);
        f.put("command", "(added by the test)");
        f.put("exitCode", 0);
        f.put("truncated", false);
      }
      for (JsonNode f : root.path("files")) {
        String path = f.path("path").asText();
        if (edited.contains(path)) {
          ((ObjectNode) f).put("sha256", sha256(files.get(path)));
          ((ObjectNode) f).put("size", files.get(path).length);
        }
      }
      return json.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
