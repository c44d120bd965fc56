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
        String key = line.substring(0, line.length() - 1).strip();
        return shorten(key + (key.isEmpty() ? "" : " ") + focus(v));
      }
    }
    return shorten(line);
  }

  /** Fields that identify rather than explain; dropped so the excerpt shows what the finding is about. */
  private static final java.util.Set<String> NOISE = java.util.Set.of("apiVersion", "containerID", "imageID", "image",
      "uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink", "ownerReferences",
      "annotations", "eventTime", "firstTimestamp", "reportingComponent", "reportingInstance", "source",
      "lastHeartbeatTime", "lastTransitionTime", "lastProbeTime", "startedAt", "finishedAt");

  /**
   * A readable rendering of a JSON value: an Event as "Warning Reason (xN): message", a whole object as its kind and
   * name, anything else as compact JSON without identifying noise.
   */
  static String focus(JsonNode v) {
    if (!v.isObject()) return v.toString();
    if (v.has("involvedObject") || v.has("regarding")) {
      String msg = v.path("message").asText(v.path("note").asText(""));
      int count = v.path("count").asInt(v.path("series").path("count").asInt(1));
      return v.path("type").asText("") + " " + v.path("reason").asText("") + (count > 1 ? " (x" + count + ")" : "")
          + ": " + msg;
    }
    JsonNode copy = withoutNoise(v);
    if (v.has("kind") && v.path("metadata").has("name")) {
      // a whole object: name it, then show its state rather than its spec
      JsonNode meta = v.get("metadata");
      String id = (meta.has("namespace") ? meta.get("namespace").asText() + "/" : "") + meta.get("name").asText();
      JsonNode status = copy.path("status");
      return v.get("kind").asText() + " " + id + (status.isObject() && status.size() > 0 ? " status " + status : "");
    }
    return copy.toString();
  }

  private static JsonNode withoutNoise(JsonNode v) {
    if (v.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
          .objectNode();
      v.fields().forEachRemaining(e -> {
        if (!NOISE.contains(e.getKey())) o.set(e.getKey(), withoutNoise(e.getValue()));
      });
      return o;
    }
    if (v.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
          .arrayNode();
      v.forEach(e -> a.add(withoutNoise(e)));
      return a;
    }
    return v;
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
