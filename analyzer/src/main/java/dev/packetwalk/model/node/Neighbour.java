package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/** One neighbour (ARP/NDP) entry; {@code states} as printed ({@code REACHABLE}, {@code PERMANENT}, {@code FAILED}). */
public record Neighbour(String address, String dev, String lladdr, List<String> states, SourceRef ref) {
  public Neighbour {
    dev = dev == null ? "" : dev;
    lladdr = lladdr == null ? "" : lladdr;
    states = List.copyOf(states);
  }

  /** FAILED or INCOMPLETE: the kernel could not resolve this neighbour. */
  public boolean unresolved() {
    return states.contains("FAILED") || states.contains("INCOMPLETE");
  }
}
