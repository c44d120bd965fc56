package dev.packetwalk.model.cluster;

import java.util.List;
import java.util.Map;

/**
 * A label selector with Kubernetes semantics: every matchLabels pair and every expression must hold. An empty
 * selector selects everything; Services treat a missing selector differently, which is why they keep a null.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

  /** One matchExpressions entry. Unknown operators never match, so that nothing is selected by guesswork. */
  public record Requirement(String key, String operator, List<String> values) {
    public Requirement {
      values = List.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (operator) {
        case "In" -> v != null && values.contains(v);
        case "NotIn" -> v == null || !values.contains(v);
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false;
      };
    }

    @Override
    public String toString() {
      return switch (operator) {
        case "Exists" -> key;
        case "DoesNotExist" -> "!" + key;
        default -> key + " " + operator.toLowerCase() + " (" + String.join(",", values) + ")";
      };
    }
  }

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  public static LabelSelector of(Map<String, String> labels) {
    return new LabelSelector(labels, List.of());
  }

  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) return false;
    }
    for (Requirement r : matchExpressions) {
      if (!r.matches(labels)) return false;
    }
    return true;
  }

  /** As kubectl prints selectors: "app=web,tier in (a,b)". */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    matchLabels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(sb.length() > 0 ? "," : "").append(e.getKey()).append('=').append(e.getValue()));
    for (Requirement r : matchExpressions) sb.append(sb.length() > 0 ? "," : "").append(r);
    return sb.length() == 0 ? "<all>" : sb.toString();
  }
}
