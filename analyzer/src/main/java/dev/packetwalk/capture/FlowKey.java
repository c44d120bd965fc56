package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.IpAddr;
import java.util.Objects;

/**
 * A flow's 5-tuple, oriented from the side that sent the first packet (the SYN sender for TCP) to the other.
 * Ports are 0 for protocols without ports.
 */
public record FlowKey(int protocol, IpAddr src, int srcPort, IpAddr dst, int dstPort) implements Comparable<FlowKey> {

  public FlowKey {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
  }

  public String protocolName() {
    return switch (protocol) {
      case 6 -> "tcp";
      case 17 -> "udp";
      case 1 -> "icmp";
      case 58 -> "icmpv6";
      case 132 -> "sctp";
      default -> "ip-proto-" + protocol;
    };
  }

  @Override
  public int compareTo(FlowKey o) {
    int c = src.compareTo(o.src);
    if (c == 0) c = Integer.compare(srcPort, o.srcPort);
    if (c == 0) c = dst.compareTo(o.dst);
    if (c == 0) c = Integer.compare(dstPort, o.dstPort);
    return c != 0 ? c : Integer.compare(protocol, o.protocol);
  }

  /** "tcp 10.0.0.1:5000 -> 10.0.0.2:80" (IPv6 in brackets). */
  @Override
  public String toString() {
    return protocolName() + " " + endpoint(src, srcPort) + " -> " + endpoint(dst, dstPort);
  }

  private String endpoint(IpAddr a, int port) {
    String s = a.isV4() ? a.toString() : "[" + a + "]";
    return srcPort == 0 && dstPort == 0 ? s : s + ":" + port;
  }
}
