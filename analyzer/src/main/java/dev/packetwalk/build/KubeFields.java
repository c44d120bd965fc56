package dev.packetwalk.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.cluster.IntOrString;
import dev.packetwalk.model.cluster.LabelSelector;
import dev.packetwalk.model.cluster.ObjectMeta;
import dev.packetwalk.parse.kube.KubeObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tolerant field access shared by the converters: wrong types read as absent, never as exceptions. */
final class KubeFields {
  private KubeFields() {}

  static String text(JsonNode n) {
    return n != null && n.isValueNode() && !n.isNull() ? n.asText() : "";
  }

  static int integer(JsonNode n, int dflt) {
    if (n == null) return dflt;
    if (n.isIntegralNumber()) return n.asInt();
    if (n.isTextual()) {
      try {
        return Integer.parseInt(n.asText().trim());
      } catch (NumberFormatException e) {
        return dflt;
      }
    }
    return dflt;
  }

  static boolean bool(JsonNode n) {
    return n != null && (n.asBoolean(false) || "true".equalsIgnoreCase(n.asText()));
  }

  static List<String> texts(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) for (JsonNode e : n) if (e.isValueNode()) out.add(e.asText());
    return out;
  }

  static Map<String, String> stringMap(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n != null && n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isValueNode() && !e.getValue().isNull()) out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  static IntOrString intOrString(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return null;
    if (n.isIntegralNumber()) return IntOrString.of(n.asInt());
    String s = n.asText().trim();
    if (s.matches("\\d{1,5}")) return IntOrString.of(Integer.parseInt(s));
    return s.isEmpty() ? null : IntOrString.of(s);
  }

  /** A metav1.LabelSelector; null when the field is absent or null. */
  static LabelSelector selector(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode() || !n.isObject()) return null;
    List<LabelSelector.Requirement> exprs = new ArrayList<>();
    for (JsonNode e : n.path("matchExpressions")) {
      exprs.add(new LabelSelector.Requirement(text(e.get("key")), text(e.get("operator")), texts(e.get("values"))));
    }
    return new LabelSelector(stringMap(n.get("matchLabels")), exprs);
  }

  static ObjectMeta meta(KubeObject o) {
    JsonNode m = o.node().path("metadata");
    String ownerKind = "";
    String ownerName = "";
    for (JsonNode ref : m.path("ownerReferences")) {
      if (ownerKind.isEmpty() || bool(ref.get("controller"))) {
        ownerKind = text(ref.get("kind"));
        ownerName = text(ref.get("name"));
      }
    }
    return new ObjectMeta(o.kind(), text(m.get("namespace")), text(m.get("name")), text(m.get("uid")),
        stringMap(m.get("labels")), stringMap(m.get("annotations")), ownerKind, ownerName, o.ref());
  }
}
