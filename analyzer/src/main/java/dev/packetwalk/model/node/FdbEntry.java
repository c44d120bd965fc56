package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;

/**
 * One bridge forwarding entry. For a VXLAN device {@code dst} is the remote VTEP's underlay address (flannel writes
 * one per remote node).
 *
 * @param master the bridge, or ""
 * @param dst the VXLAN remote, or ""
 * @param vlan VLAN id, or -1
 * @param state {@code permanent}, {@code static}, or "" (learned)
 */
public record FdbEntry(String mac, String dev, String master, String dst, int vlan, String state, SourceRef ref) {
  public FdbEntry {
    master = master == null ? "" : master;
    dst = dst == null ? "" : dst;
    state = state == null ? "" : state;
  }
}
