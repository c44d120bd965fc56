package dev.packetwalk.parse.iproute;

import java.util.List;

/**
 * One entry of {@code ip neigh} / {@code ip -s -s neigh show}.
 *
 * <pre>
 * 10.1.7.0 dev flannel.1 lladdr 46:af:62:75:ec:ee used 273/3/1002 probes 0 PERMANENT
 * 172.17.0.19 dev docker0  FAILED
 * </pre>
 *
 * @param dst neighbour address
 * @param dev interface, or null (old output may omit it)
 * @param lladdr link-layer address, or null (FAILED/INCOMPLETE entries have none)
 * @param router the {@code router} flag (IPv6 router)
 * @param proxy the {@code proxy} flag (a proxy-ARP/NDP entry)
 * @param states NUD states in printed order ({@code REACHABLE}, {@code STALE}, {@code DELAY}, {@code PROBE},
 *     {@code FAILED}, {@code INCOMPLETE}, {@code PERMANENT}, {@code NOARP}, {@code NONE}); several may appear
 * @param otherFlags other bare words ({@code extern_learn}, {@code offload}, {@code managed}, ...)
 * @param ref {@code ref} count, or null
 * @param used {@code used} as printed ({@code used/confirmed/updated} seconds), or null
 * @param probes {@code probes}, or null
 * @param line 1-based line number (0 for JSON)
 */
public record IpNeighbour(
    String dst,
    String dev,
    String lladdr,
    boolean router,
    boolean proxy,
    List<String> states,
    List<String> otherFlags,
    Integer ref,
    String used,
    Integer probes,
    int line) {

  public IpNeighbour {
    states = List.copyOf(states);
    otherFlags = List.copyOf(otherFlags);
  }

  public boolean hasState(String state) {
    return states.contains(state);
  }
}
