package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;

/** One port of a Service; targetPort defaults to port, as the API server does. */
public record ServicePort(String name, String protocol, int port, IntOrString targetPort, int nodePort,
    String appProtocol, SourceRef ref) {
  public ServicePort {
    name = name == null ? "" : name;
    protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    targetPort = targetPort == null ? IntOrString.of(port) : targetPort;
    appProtocol = appProtocol == null ? "" : appProtocol;
  }

  /** "80/TCP", or "http:80/TCP" when named, as kubectl shows it. */
  public String label() {
    return (name.isEmpty() ? "" : name + ":") + port + "/" + protocol;
  }
}
