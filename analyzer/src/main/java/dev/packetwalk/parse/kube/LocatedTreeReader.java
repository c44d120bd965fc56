package dev.packetwalk.parse.kube;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Jackson trees from a JSON or YAML token stream while recording the line of every value. Jackson's
 * {@code readTree} forgets locations, and findings must cite lines.
 */
final class LocatedTreeReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final int MAX_DEPTH = 200;

  /** One top-level document with its line map. */
  record Document(JsonNode root, LineMap lines, int startLine) {}

  /**
   * All documents read, and the syntax error that stopped reading, if any. A broken document still yields the
   * complete elements read before the break, because containers only receive children that finished parsing.
   */
  record Result(List<Document> documents, String error, int errorLine) {
    boolean failed() {
      return error != null;
    }
  }

  private final Map<String, Integer> lines = new HashMap<>();
  private JsonNode root;

  static Result readAll(JsonFactory factory, byte[] content) {
    List<Document> docs = new ArrayList<>();
    factory.setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    LocatedTreeReader r = null;
    try (JsonParser p = factory.createParser(content)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        r = new LocatedTreeReader();
        int start = p.currentTokenLocation().getLineNr();
        JsonNode root = r.value(p, t, "");
        docs.add(new Document(root, new LineMap(r.lines), start));
        r = null;
      }
      return new Result(docs, null, 0);
    } catch (IOException | RuntimeException e) {
      if (r != null && r.root != null) docs.add(new Document(r.root, new LineMap(r.lines), 1));
      int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
          ? jpe.getLocation().getLineNr() : 0;
      return new Result(docs, firstLine(e.getMessage()), Math.max(line, 0));
    }
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable content";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private JsonNode value(JsonParser p, JsonToken t, String pointer) throws IOException {
    lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        if (pointer.isEmpty()) root = o;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = pointer + "/" + escape(name);
          // cite the key's line: in YAML a nested value starts on the line below its key
          lines.put(child, p.currentTokenLocation().getLineNr());
          JsonToken v = p.nextToken();
          if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
            // attach containers before filling them, so a document cut short keeps its complete list items
            JsonNode c = v == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
            o.set(name, c);
            fill(p, c, child);
          } else {
            o.set(name, value(p, v, child));
          }
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        if (pointer.isEmpty()) root = a;
        fill(p, a, pointer);
        return a;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? NODES.numberNode(p.getBigIntegerValue())
            : NODES.numberNode(p.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> {
        return NODES.textNode(p.getText());
      }
    }
  }

  /** Fills an already attached container; array elements are only added once complete. */
  private void fill(JsonParser p, JsonNode container, String pointer) throws IOException {
    if (container instanceof ArrayNode a) {
      JsonToken t;
      int i = 0;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
        a.add(value(p, t, pointer + "/" + i++));
      }
      return;
    }
    ObjectNode o = (ObjectNode) container;
    JsonNode filled = valueOfOpenObject(p, pointer);
    o.setAll((ObjectNode) filled);
  }

  private JsonNode valueOfOpenObject(JsonParser p, String pointer) throws IOException {
    return value(p, JsonToken.START_OBJECT, pointer);
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
