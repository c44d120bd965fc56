package dev.packetwalk.capture.path;

import java.util.Optional;

/** The four capture points of a path, in the order a request passes them. */
public enum PathRole {
  CLIENT_VETH("client-veth"),
  CLIENT_UNDERLAY("client-underlay"),
  SERVER_UNDERLAY("server-underlay"),
  SERVER_VETH("server-veth");

  private final String id;

  PathRole(String id) {
    this.id = id;
  }

  /** As the collector writes it ({@code client-veth}). */
  public String id() {
    return id;
  }

  public static Optional<PathRole> of(String id) {
    for (PathRole r : values()) {
      if (r.id.equals(id)) return Optional.of(r);
    }
    return Optional.empty();
  }
}
