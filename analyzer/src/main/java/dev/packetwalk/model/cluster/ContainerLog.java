package dev.packetwalk.model.cluster;

import java.util.List;

/** A bounded container log from the bundle: the lines as collected, numbered from 1 in {@code file}. */
public record ContainerLog(String namespace, String pod, String container, boolean previous, String file,
    List<String> lines) {
  public ContainerLog {
    lines = List.copyOf(lines);
  }
}
