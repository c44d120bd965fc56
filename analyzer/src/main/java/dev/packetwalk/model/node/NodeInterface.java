package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;

/**
 * One network interface of the node's (host) namespace.
 *
 * @param kind {@code veth}, {@code vxlan}, {@code ipip}, {@code geneve}, {@code bridge}, {@code dummy}, ... or "" for a
 *     plain device (the {@code -d} detail line names no kind)
 * @param mtu MTU, or 0 when not printed
 * @param state operational state as printed ({@code UP}, {@code DOWN}, {@code UNKNOWN}, {@code LOWERLAYERDOWN})
 * @param up the administrative {@code UP} flag
 * @param peerIfindex for a veth, the ifindex of its peer in the other namespace ({@code @ifN}); 0 when unknown
 * @param linkNetnsid the namespace id the peer lives in; -1 when not printed
 * @param master the bridge (or bond, vrf) this interface is enslaved to, or ""
 * @param hairpin the bridge port's hairpin mode: TRUE/FALSE, null when unknown (not a bridge port, or not printed)
 * @param tunnel tunnel parameters of a vxlan/geneve/ipip/gre device, or null
 */
public record NodeInterface(String name, int ifindex, String kind, int mtu, String state, boolean up, String mac,
    int peerIfindex, int linkNetnsid, String master, Boolean hairpin, Tunnel tunnel, SourceRef ref) {

  public NodeInterface {
    kind = kind == null ? "" : kind;
    state = state == null ? "" : state;
    mac = mac == null ? "" : mac;
    master = master == null ? "" : master;
  }

  public boolean isVeth() {
    return kind.equals("veth");
  }

  public boolean isBridge() {
    return kind.equals("bridge");
  }

  /** The same interface with its bridge-port hairpin mode set (read from {@code bridge -d link}). */
  public NodeInterface withHairpin(Boolean hairpin) {
    return new NodeInterface(name, ifindex, kind, mtu, state, up, mac, peerIfindex, linkNetnsid, master, hairpin,
        tunnel, ref);
  }

  /**
   * Tunnel parameters.
   *
   * @param vni VXLAN/Geneve VNI, or -1
   * @param local local underlay address, or ""
   * @param remote fixed remote, or "" (flannel and Calico VXLAN learn remotes through FDB entries instead)
   * @param dstport UDP port (8472 flannel/Cilium, 4789 IANA/Calico, 6081 Geneve), or -1
   * @param dev the underlay device, or ""
   */
  public record Tunnel(long vni, String local, String remote, int dstport, String dev) {
    public Tunnel {
      local = local == null ? "" : local;
      remote = remote == null ? "" : remote;
      dev = dev == null ? "" : dev;
    }
  }
}
