package dev.packetwalk.model.cluster;

import java.util.List;
import java.util.Optional;

/**
 * A pod as the network sees it: where it runs, its addresses, its ports and whether it is ready. {@code
 * displayStatus} is what {@code kubectl get pods} prints in its STATUS column.
 */
public record Pod(ObjectMeta meta, String nodeName, String phase, String podIP, List<String> podIPs,
    boolean hostNetwork, List<Container> containers, List<ContainerStatus> containerStatuses,
    List<Condition> conditions, String displayStatus) {

  public Pod {
    nodeName = nodeName == null ? "" : nodeName;
    phase = phase == null ? "" : phase;
    podIP = podIP == null ? "" : podIP;
    podIPs = List.copyOf(podIPs);
    containers = List.copyOf(containers);
    containerStatuses = List.copyOf(containerStatuses);
    conditions = List.copyOf(conditions);
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  public boolean ready() {
    return condition("Ready").map(Condition::isTrue).orElse(false);
  }

  public boolean running() {
    return "Running".equals(phase);
  }

  /** Finished pods hold no address and serve nothing; most checks ignore them. */
  public boolean terminal() {
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  public int restarts() {
    return containerStatuses.stream().filter(s -> !s.init()).mapToInt(ContainerStatus::restartCount).sum();
  }

  public int readyContainers() {
    return (int) containerStatuses.stream().filter(s -> !s.init() && s.ready()).count();
  }

  public int appContainers() {
    return (int) containers.stream().filter(c -> !c.init()).count();
  }

  public Optional<ContainerStatus> status(String container) {
    return containerStatuses.stream().filter(s -> s.name().equals(container)).findFirst();
  }
}
