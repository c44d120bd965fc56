package dev.packetwalk.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.parse.Json;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Parses manifest.json tolerantly: a damaged entry costs that entry, with a warning. */
public final class ManifestReader {
  public static final int SUPPORTED_VERSION = 1;

  private ManifestReader() {}

  /** The manifest, or null when the file is unusable; either way {@code warnings} says what was wrong. */
  public static Manifest read(byte[] content, List<ParseWarning> warnings) {
    String file = EvidenceSpec.MANIFEST.pattern();
    JsonNode root;
    try {
      root = Json.mapper().readTree(content);
    } catch (IOException e) {
      warnings.add(ParseWarning.of(file, 0, Kind.MALFORMED, "manifest is not valid JSON: " + firstLine(e)));
      return null;
    }
    if (root == null || !root.isObject()) {
      warnings.add(ParseWarning.of(file, 0, Kind.MALFORMED, "manifest is not a JSON object"));
      return null;
    }
    int version = root.path("formatVersion").asInt(0);
    if (version != SUPPORTED_VERSION) {
      warnings.add(ParseWarning.of(file, 0, Kind.UNSUPPORTED, "bundle format version " + version
          + "; this analyzer reads version " + SUPPORTED_VERSION + " and will try anyway"));
    }
    List<Manifest.FileEntry> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      String path = f.path("path").asText("");
      if (path.isEmpty()) {
        warnings.add(ParseWarning.of(file, 0, Kind.MALFORMED, "a files[] entry without a path was ignored"));
        continue;
      }
      files.add(new Manifest.FileEntry(path, f.path("sha256").asText(""), f.path("size").asLong(-1),
          text(f, "command"), text(f, "source"), f.hasNonNull("exitCode") ? f.get("exitCode").asInt() : null,
          f.path("durationMs").asLong(0), text(f, "stderr"), f.path("truncated").asBoolean(false)));
    }
    List<Manifest.Skipped> skipped = new ArrayList<>();
    for (JsonNode s : root.path("skipped")) {
      skipped.add(new Manifest.Skipped(text(s, "path"), text(s, "command"), text(s, "reason"), text(s, "detail")));
    }
    Map<String, String> options = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("options").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      options.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
    }
    JsonNode collector = root.path("collector");
    JsonNode cluster = root.path("cluster");
    return new Manifest(version, text(collector, "name"), text(collector, "version"), text(cluster, "context"),
        text(cluster, "server"), text(root, "startTime"), text(root, "endTime"), options, files, skipped,
        capturePath(root.path("capturePath"), warnings));
  }

  private static Optional<Manifest.CapturePath> capturePath(JsonNode cp, List<ParseWarning> warnings) {
    if (cp.isMissingNode() || cp.isNull()) return Optional.empty();
    if (!cp.isObject()) {
      warnings.add(ParseWarning.of(EvidenceSpec.MANIFEST.pattern(), 0, Kind.MALFORMED,
          "capturePath is not a JSON object; the captured path is not read"));
      return Optional.empty();
    }
    List<Manifest.CapturePoint> points = new ArrayList<>();
    for (JsonNode p : cp.path("points")) {
      String role = text(p, "role");
      if (role.isEmpty()) {
        warnings.add(ParseWarning.of(EvidenceSpec.MANIFEST.pattern(), 0, Kind.MALFORMED,
            "a capturePath.points[] entry without a role was ignored"));
        continue;
      }
      points.add(new Manifest.CapturePoint(role, text(p, "node"), text(p, "requested"), text(p, "interface"),
          p.hasNonNull("outcome") ? text(p, "outcome") : "ok", text(p, "detail"), text(p, "startClock"),
          text(p, "listeningClock"), text(p, "endClock"), text(p, "pcap"), text(p, "sidecar")));
    }
    return Optional.of(new Manifest.CapturePath(text(cp, "from"), text(cp, "to"), endpoint(cp.path("client")),
        endpoint(cp.path("server")), cp.path("sameNode").asBoolean(false), text(cp, "note"), text(cp, "error"),
        text(cp, "filter"), points));
  }

  private static Manifest.Endpoint endpoint(JsonNode e) {
    if (!e.isObject()) return Manifest.Endpoint.NONE;
    return new Manifest.Endpoint(text(e, "pod"), text(e, "ip"), text(e, "node"), text(e, "nodeIP"),
        e.path("hostNetwork").asBoolean(false));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
