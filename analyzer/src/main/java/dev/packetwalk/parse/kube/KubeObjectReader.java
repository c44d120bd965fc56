package dev.packetwalk.parse.kube;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Kubernetes objects from one file, as kubectl prints them: JSON or YAML, a {@code List} (any {@code *List}
 * kind, or a bare array), a single object, or a multi-document YAML stream. Unknown fields and old API versions are
 * kept as they are; the converters decide what they understand.
 */
public final class KubeObjectReader {
  private static final JsonFactory JSON = new JsonFactory();

  private KubeObjectReader() {}

  /**
   * The objects of one file and what was wrong with it. {@code singleRoot} is the document root when the file held
   * exactly one document (so that JSON pointers of its objects resolve against it), else null.
   */
  public record Result(String file, List<KubeObject> objects, List<ParseWarning> warnings, boolean fatal,
      JsonNode singleRoot) {}

  public static Result read(String file, byte[] content) {
    List<ParseWarning> warnings = new ArrayList<>();
    if (isBlank(content)) {
      return new Result(file, List.of(), warnings, false, null);
    }
    LocatedTreeReader.Result read = LocatedTreeReader.readAll(looksLikeJson(content) ? JSON : new YAMLFactory(),
        content);
    List<KubeObject> objects = new ArrayList<>();
    for (LocatedTreeReader.Document doc : read.documents()) {
      collect(file, doc, warnings, objects);
    }
    boolean fatal = false;
    if (read.failed()) {
      fatal = objects.isEmpty();
      warnings.add(new ParseWarning(file, read.errorLine(), Kind.MALFORMED,
          (fatal ? "not valid JSON or YAML: " : "reading stopped early, " + objects.size()
              + " objects kept: ") + read.error(), ""));
    }
    JsonNode single = read.documents().size() == 1 ? read.documents().get(0).root() : null;
    return new Result(file, List.copyOf(objects), List.copyOf(warnings), fatal, single);
  }

  private static void collect(String file, LocatedTreeReader.Document doc, List<ParseWarning> warnings,
      List<KubeObject> out) {
    JsonNode root = doc.root();
    if (root == null || root.isNull() || root.isMissingNode()) return;
    if (root.isArray()) {
      addItems(file, doc, root, "", warnings, out);
    } else if (!root.isObject()) {
      warnings.add(new ParseWarning(file, doc.startLine(), Kind.MALFORMED,
          "expected a Kubernetes object or list, found a " + root.getNodeType().name().toLowerCase(), root.asText()));
    } else if (!root.has("kind") && !root.has("apiVersion") && !root.has("items") && !root.has("metadata")) {
      // e.g. "Error from server (Forbidden): ..." saved instead of JSON reads as a one-key YAML mapping
      warnings.add(new ParseWarning(file, doc.startLine(), Kind.MALFORMED,
          "expected a Kubernetes object or list, found other text", root.toString()));
    } else if (root.has("items") && (root.path("kind").asText().endsWith("List") || !root.has("spec"))) {
      JsonNode items = root.get("items");
      if (items.isArray()) {
        addItems(file, doc, items, "/items", warnings, out);
      } else if (!items.isNull()) {
        warnings.add(new ParseWarning(file, doc.lines().lineOf("/items"), Kind.MALFORMED,
            "\"items\" is not an array", ""));
      }
    } else {
      addOne(file, doc, root, "", warnings, out);
    }
  }

  private static void addItems(String file, LocatedTreeReader.Document doc, JsonNode items, String base,
      List<ParseWarning> warnings, List<KubeObject> out) {
    for (int i = 0; i < items.size(); i++) {
      addOne(file, doc, items.get(i), base + "/" + i, warnings, out);
    }
  }

  private static void addOne(String file, LocatedTreeReader.Document doc, JsonNode node, String pointer,
      List<ParseWarning> warnings, List<KubeObject> out) {
    int line = doc.lines().lineOf(pointer);
    if (!node.isObject()) {
      warnings.add(new ParseWarning(file, line, Kind.MALFORMED, "list item is not an object", node.toString()));
      return;
    }
    if (!node.path("metadata").path("name").isTextual() || node.path("metadata").path("name").asText().isEmpty()) {
      warnings.add(new ParseWarning(file, line, Kind.MALFORMED, "object without metadata.name skipped", ""));
      return;
    }
    out.add(new KubeObject(file, pointer, node, doc.lines()));
  }

  private static boolean looksLikeJson(byte[] content) {
    for (byte b : content) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
      // a UTF-8 byte-order mark is not JSON's business
      if ((b & 0xff) == 0xEF) continue;
      return b == '{' || b == '[';
    }
    return false;
  }

  private static boolean isBlank(byte[] content) {
    for (byte b : content) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
    }
    return true;
  }
}
