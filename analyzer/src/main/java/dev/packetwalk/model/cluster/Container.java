package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/** A container of a pod spec: its ports are what Services and policies resolve named ports against. */
public record Container(String name, String image, boolean init, List<ContainerPort> ports, SourceRef ref,
    List<Arg> args) {
  public Container {
    ports = List.copyOf(ports);
    args = args == null ? List.of() : List.copyOf(args);
  }

  /** Without command line (hand-built models). */
  public Container(String name, String image, boolean init, List<ContainerPort> ports, SourceRef ref) {
    this(name, image, init, ports, ref, List.of());
  }

  /** One word of the container's command followed by its args, e.g. "--service-cluster-ip-range=10.96.0.0/12". */
  public record Arg(String text, SourceRef ref) {}

  /** The value of a "--flag=value" (or "--flag value") argument, if given. */
  public java.util.Optional<Arg> flag(String flag) {
    for (int i = 0; i < args.size(); i++) {
      String t = args.get(i).text();
      if (t.startsWith(flag + "=")) return java.util.Optional.of(new Arg(t.substring(flag.length() + 1),
          args.get(i).ref()));
      if (t.equals(flag) && i + 1 < args.size()) return java.util.Optional.of(args.get(i + 1));
    }
    return java.util.Optional.empty();
  }

  /** A declared container port. */
  public record ContainerPort(String name, int containerPort, String protocol, int hostPort, SourceRef ref) {
    public ContainerPort {
      name = name == null ? "" : name;
      protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }
  }
}
