package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/** A container of a pod spec: its ports are what Services and policies resolve named ports against. */
public record Container(String name, String image, boolean init, List<ContainerPort> ports, SourceRef ref) {
  public Container {
    ports = List.copyOf(ports);
  }

  /** A declared container port. */
  public record ContainerPort(String name, int containerPort, String protocol, int hostPort, SourceRef ref) {
    public ContainerPort {
      name = name == null ? "" : name;
      protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }
  }
}
