package dev.packetwalk.capture.path;

/**
 * One IP packet at one capture point, reduced to what matching needs.
 *
 * @param length the IP datagram's length (an offload super-packet's whole length)
 * @param key identity across points: the fields NAT and forwarding leave alone (see {@link PointReader})
 * @param quoted for an ICMP error, the quoted packet's tuple in {@link #tuple()} form; "" otherwise
 * @param summary a short reading for evidence: {@code SYN}, {@code ACK len 5}, {@code ICMP port unreachable}
 */
public record PointPacket(long number, long nanos, int proto, String src, int sport, String dst, int dport, int length,
    long key,
    int icmpType, String quoted, String summary) {

  /** {@code 6 10.244.1.20:34230>10.96.0.50:80}: the addresses as this point saw them. */
  public String tuple() {
    return tuple(proto, src, sport, dst, dport);
  }

  /** The tuple of the answer to this packet. */
  public String reverseTuple() {
    return tuple(proto, dst, dport, src, sport);
  }

  static String tuple(int proto, String src, int sport, String dst, int dport) {
    return proto + " " + src + ":" + sport + ">" + dst + ":" + dport;
  }

  /** An ICMP or ICMPv6 error (it quotes another packet). */
  public boolean icmpError() {
    return !quoted.isEmpty();
  }
}
