package dev.packetwalk.model.cluster;

import java.util.List;

/** A DaemonSet or Deployment: desired vs ready replicas, and its pod template's containers. */
public record Workload(ObjectMeta meta, LabelSelector selector, int desired, int ready, List<Container> containers,
    boolean hostNetwork) {
  public Workload {
    containers = List.copyOf(containers);
  }
}
