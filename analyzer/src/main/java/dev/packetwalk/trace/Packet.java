package dev.packetwalk.trace;

/**
 * The packet as it stands at one point of its walk: the tuple it carries now (after any NAT so far), its firewall
 * mark, and its size. Immutable; every transformation gives a new one.
 *
 * @param mark the skb mark ({@code -j MARK}); it does not survive leaving the node
 * @param length IP length in bytes, for MTU decisions
 * @param reply whether this is the reply direction of the connection
 */
public record Packet(Proto proto, String src, int sport, String dst, int dport, long mark, int length,
    boolean reply) {

  public Packet {
    src = src == null ? "" : src;
    dst = dst == null ? "" : dst;
  }

  /** 4 or 6, from the destination's form. */
  public int family() {
    return dst.indexOf(':') >= 0 ? 6 : 4;
  }

  public Packet withDst(String address, int port) {
    return new Packet(proto, src, sport, address, port, mark, length, reply);
  }

  public Packet withSrc(String address, int port) {
    return new Packet(proto, address, port, dst, dport, mark, length, reply);
  }

  public Packet withLength(int bytes) {
    return new Packet(proto, src, sport, dst, dport, mark, bytes, reply);
  }

  public Packet withMark(long m) {
    return new Packet(proto, src, sport, dst, dport, m, length, reply);
  }

  /** The answer to this packet: addresses and ports swapped, mark cleared, the given size. */
  public Packet reversed(int replyLength) {
    return new Packet(proto, dst, dport, src, sport, 0, replyLength, !reply);
  }

  /** {@code tcp 10.244.1.20:40000 → 10.96.0.10:53}. */
  public String tuple() {
    return proto.lower() + " " + endpoint(src, sport) + " → " + endpoint(dst, dport);
  }

  private String endpoint(String addr, int port) {
    if (!proto.hasPorts() || port <= 0) return addr;
    return addr.indexOf(':') >= 0 ? "[" + addr + "]:" + port : addr + ":" + port;
  }
}
