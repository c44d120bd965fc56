package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.IpAddr;
import dev.packetwalk.parse.pcap.PacketView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first {@link Timeline#HEAD} and the last {@link Timeline#TAIL} packets of one flow, kept during the analysis
 * pass so that a problem's timeline needs no second read of the capture. Three longs per packet (number, time,
 * packed header facts); nothing is allocated per packet once the log has grown to its size.
 */
final class FlowLog {
  /** How a logged packet relates to its flow. */
  private static final int FORWARD = 0, REVERSE = 1, ICMP_ERROR = 2;
  private static final int STRIDE = 3;

  private long[] entries = new long[STRIDE * 4]; // most flows are short; grown once, to its full size
  private long count;
  /** The tail slot the next packet overwrites, once head and tail are full. */
  private int cursor = Timeline.HEAD;
  /** Sender and receiver of the ICMP errors in the log, by packet number: rare, so kept apart. */
  private Map<Long, IpAddr[]> icmpPeers;

  /** Logs a packet of the flow itself; {@code direction} is the flow's (0: the way its first packet went). */
  void add(PacketView v, int direction) {
    put(v.number(), v.timestampNanos(), facts(v, direction));
  }

  /** Logs an ICMP error that quotes a packet of this flow. */
  void addIcmpError(PacketView v) {
    if (icmpPeers == null) icmpPeers = new HashMap<>();
    icmpPeers.put(v.number(), new IpAddr[] {v.src(), v.dst()});
    put(v.number(), v.timestampNanos(), facts(v, ICMP_ERROR));
  }

  private static long facts(PacketView v, int kind) {
    long f = Math.min(v.payloadLength(), 0xFFFFFF) | (long) kind << 52 | (long) (v.ipProto() & 0xFF) << 55;
    if (v.isTcp()) f |= (long) (v.tcpFlags() & 0xFFF) << 24;
    if (v.isIcmp()) f |= (long) (v.icmpType() & 0xFF) << 36 | (long) (v.icmpCode() & 0xFF) << 44;
    return f;
  }

  private void put(long number, long nanos, long facts) {
    int slot;
    if (count < Timeline.MAX_PACKETS) {
      slot = (int) count;
    } else {
      slot = cursor;
      cursor = cursor + 1 == Timeline.MAX_PACKETS ? Timeline.HEAD : cursor + 1;
    }
    count++;
    int i = slot * STRIDE;
    if (i + STRIDE > entries.length) {
      entries = Arrays.copyOf(entries, STRIDE * Timeline.MAX_PACKETS);
    }
    entries[i] = number;
    entries[i + 1] = nanos;
    entries[i + 2] = facts;
  }

  /**
   * The timeline of problem {@code problem}, whose flow is {@code key}; {@code f} is the flow this log belongs to,
   * which may be oriented the other way; times are relative to {@code firstNanos}.
   */
  Timeline timeline(int problem, FlowKey key, Flow f, long firstNanos) {
    IpAddr src = new IpAddr(f.srcHi, f.srcLo);
    IpAddr dst = new IpAddr(f.dstHi, f.dstLo);
    boolean flipped = !(key.src().equals(src) && key.srcPort() == f.srcPort);
    int shown = (int) Math.min(count, Timeline.MAX_PACKETS);
    List<Timeline.Packet> out = new ArrayList<>(shown);
    for (int k = 0; k < shown; k++) {
      int slot = k < Timeline.HEAD || count <= Timeline.MAX_PACKETS ? k
          : Timeline.HEAD + (cursor - Timeline.HEAD + k - Timeline.HEAD) % Timeline.TAIL;
      int i = slot * STRIDE;
      out.add(packet(entries[i], entries[i + 1], entries[i + 2], f, src, dst, flipped, firstNanos));
    }
    long omitted = count - shown;
    return new Timeline(problem, key.toString(), out, omitted, omitted > 0 ? Timeline.HEAD : shown);
  }

  private Timeline.Packet packet(long number, long nanos, long facts, Flow f, IpAddr src, IpAddr dst,
      boolean flipped, long firstNanos) {
    int kind = (int) (facts >>> 52) & 3;
    int proto = (int) (facts >>> 55) & 0xFF;
    int length = (int) (facts & 0xFFFFFF);
    int type = (int) (facts >>> 36) & 0xFF;
    int code = (int) (facts >>> 44) & 0xFF;
    long micros = Math.max(0, (nanos - firstNanos) / 1000);
    if (kind == ICMP_ERROR) {
      IpAddr[] peers = icmpPeers.get(number);
      return new Timeline.Packet(number, micros, "icmp", endpoint(peers[0], -1), endpoint(peers[1], -1),
          icmp(proto == 58, type, code));
    }
    boolean forward = kind == FORWARD;
    boolean ports = f.proto == 6 || f.proto == 17 || f.proto == 132;
    int sPort = forward ? f.srcPort : f.dstPort;
    int dPort = forward ? f.dstPort : f.srcPort;
    String from = endpoint(forward ? src : dst, ports ? sPort : -1);
    String to = endpoint(forward ? dst : src, ports ? dPort : -1);
    String summary = switch (proto) {
      case 1, 58 -> icmp(proto == 58, type, code);
      case 6 -> {
        String s = TcpFlags.names((int) (facts >>> 24) & 0xFFF);
        yield length > 0 ? s + " len=" + length : s;
      }
      case 17 -> (dPort == 53 ? "DNS query, " : sPort == 53 ? "DNS response, " : "") + "UDP len=" + length;
      default -> "ip-proto " + proto;
    };
    return new Timeline.Packet(number, micros, forward != flipped ? "->" : "<-", from, to, summary);
  }

  private static String endpoint(IpAddr a, int port) {
    String s = a.isV4() ? a.toString() : "[" + a + "]";
    return port < 0 ? s : s + ":" + port;
  }

  static String icmp(boolean v6, int type, int code) {
    if (!v6) {
      return switch (type) {
        case 8 -> "ICMP echo request";
        case 0 -> "ICMP echo reply";
        case 11 -> "ICMP time exceeded";
        case 3 -> switch (code) {
          case 0 -> "ICMP net unreachable";
          case 1 -> "ICMP host unreachable";
          case 3 -> "ICMP port unreachable";
          case 4 -> "ICMP fragmentation needed";
          case 9, 10, 13 -> "ICMP administratively prohibited (code " + code + ")";
          default -> "ICMP unreachable code " + code;
        };
        default -> "ICMP type " + type + " code " + code;
      };
    }
    return switch (type) {
      case 128 -> "ICMPv6 echo request";
      case 129 -> "ICMPv6 echo reply";
      case 1 -> "ICMPv6 unreachable code " + code;
      case 2 -> "ICMPv6 packet too big";
      case 3 -> "ICMPv6 time exceeded";
      default -> "ICMPv6 type " + type + " code " + code;
    };
  }
}
