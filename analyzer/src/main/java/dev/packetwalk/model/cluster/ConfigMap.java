package dev.packetwalk.model.cluster;

import java.util.Map;

/** A ConfigMap's data, with the line where each key's value starts so that findings can cite config lines. */
public record ConfigMap(ObjectMeta meta, Map<String, String> data, Map<String, Integer> dataLines) {
  public ConfigMap {
    data = Map.copyOf(data);
    dataLines = Map.copyOf(dataLines);
  }
}
