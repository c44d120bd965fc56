package dev.packetwalk.parse.iproute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.parse.Json;
import dev.packetwalk.parse.ParseWarning;
import java.util.ArrayList;
import java.util.List;

/** Shared reading of {@code ip -j} output: a JSON array of objects. Bad JSON is a warning, not an exception. */
final class JsonText {

  private JsonText() {}

  /** The array elements, or an empty list plus a MALFORMED warning. */
  static List<JsonNode> array(String file, String text, List<ParseWarning> warnings) {
    List<JsonNode> out = new ArrayList<>();
    if (text.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      warnings.add(new ParseWarning(file, 0, ParseWarning.Kind.MALFORMED,
          "not valid JSON: " + e.getOriginalMessage(), text.length() > 80 ? text.substring(0, 80) : text));
      return out;
    }
    if (root == null || !root.isArray()) {
      warnings.add(ParseWarning.of(file, 0, ParseWarning.Kind.MALFORMED, "expected a JSON array"));
      return out;
    }
    root.forEach(out::add);
    return out;
  }

  static String str(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  static Integer integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return v.isNumber() && v.canConvertToInt() ? Integer.valueOf(v.asInt()) : Numbers.parseInt(v.asText());
  }

  static Long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.isNumber() ? Long.valueOf(v.asLong()) : Numbers.parseLong(v.asText());
  }

  static List<String> strings(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    JsonNode v = n.get(field);
    if (v != null && v.isArray()) {
      v.forEach(e -> out.add(e.asText()));
    }
    return out;
  }

  /** {@code "router": null} is how ip -j prints a bare flag: present means set. */
  static boolean present(JsonNode n, String field) {
    return n.has(field);
  }
}
