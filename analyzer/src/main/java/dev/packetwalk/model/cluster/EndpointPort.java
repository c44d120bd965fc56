package dev.packetwalk.model.cluster;

/** A port of an Endpoints subset or an EndpointSlice. */
public record EndpointPort(String name, int port, String protocol) {
  public EndpointPort {
    name = name == null ? "" : name;
    protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
  }
}
