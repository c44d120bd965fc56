package dev.packetwalk.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.EvidenceSource;
import dev.packetwalk.model.SourceRef;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Quotes the bundle: the text of the cited line, or for a JSON value that opens on its line a compact rendering of
 * the value itself, since "selector": { says less than {"app":"web"}.
 */
final class BundleEvidence implements EvidenceSource {
  private static final int MAX_EXCERPT = 200;
  private final Bundle bundle;
  private final Map<String, JsonNode> jsonRoots;
  private final Map<String, String[]> lineCache = new HashMap<>();

  BundleEvidence(Bundle bundle, Map<String, JsonNode> jsonRoots) {
    this.bundle = bundle;
    this.jsonRoots = jsonRoots;
  }

  @Override
  public Evidence at(SourceRef ref, String note) {
    return new Evidence(ref.file(), ref.line(), ref.pointer(), excerpt(ref), note);
  }

  private String excerpt(SourceRef ref) {
    String line = line(ref.file(), ref.line()).strip();
    JsonNode root = jsonRoots.get(ref.file());
    if (root != null && !ref.pointer().isEmpty() && (line.endsWith("{") || line.endsWith("["))) {
      JsonNode v = root.at(ref.pointer());
      if (!v.isMissingNode()) {
        String key = line.endsWith("{") || line.endsWith("[") ? line.substring(0, line.length() - 1).strip() : "";
        return shorten(key + (key.isEmpty() ? "" : " ") + v);
      }
    }
    return shorten(line);
  }

  private String line(String file, int n) {
    if (n <= 0) return "";
    String[] lines = lineCache.computeIfAbsent(file, f -> bundle.file(f)
        .map(b -> new String(b, StandardCharsets.UTF_8).split("\n", -1)).orElse(new String[0]));
    return n <= lines.length ? lines[n - 1] : "";
  }

  private static String shorten(String s) {
    return s.length() <= MAX_EXCERPT ? s : s.substring(0, MAX_EXCERPT - 1) + "…";
  }
}
