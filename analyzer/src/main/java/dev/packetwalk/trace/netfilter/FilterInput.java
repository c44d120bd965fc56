package dev.packetwalk.trace.netfilter;

import dev.packetwalk.trace.Packet;

/**
 * What a netfilter hook sees of a packet.
 *
 * @param inIface the interface it arrived on, or "" for a locally generated packet
 * @param outIface the interface routing chose, or "" before routing (PREROUTING) and at INPUT
 * @param physIn the bridge port it arrived on when it is being bridged (br_netfilter), else ""
 * @param physOut the bridge port it leaves by when bridged, else ""
 * @param dnatted whether conntrack holds a DNAT for this connection ({@code --ctstate DNAT})
 * @param ctmark the connection's mark ({@code connmark}, {@code ct mark})
 */
public record FilterInput(Hook hook, Packet packet, CtState ct, String inIface, String outIface, String physIn,
    String physOut, boolean dnatted, long ctmark) {

  public FilterInput {
    inIface = inIface == null ? "" : inIface;
    outIface = outIface == null ? "" : outIface;
    physIn = physIn == null ? "" : physIn;
    physOut = physOut == null ? "" : physOut;
  }

  public boolean bridged() {
    return !physIn.isEmpty() || !physOut.isEmpty();
  }

  public FilterInput with(Hook h, Packet p) {
    return new FilterInput(h, p, ct, inIface, outIface, physIn, physOut, dnatted, ctmark);
  }
}
