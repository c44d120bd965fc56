package dev.packetwalk.analysis;

import dev.packetwalk.capture.CaptureResult.Packet;
import dev.packetwalk.capture.CaptureResult.Timeline;
import dev.packetwalk.capture.CaptureSummary;
import dev.packetwalk.capture.FlowKey;
import dev.packetwalk.capture.Problem;
import dev.packetwalk.capture.ProblemKind;
import dev.packetwalk.parse.pcap.CaptureReader;
import dev.packetwalk.parse.pcap.IpAddr;
import dev.packetwalk.parse.pcap.PacketView;
import dev.packetwalk.parse.pcap.PacketVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Compact packet timelines of the problem flows: a second, cheap pass over the capture that keeps the first
 * {@link Timeline#MAX_PACKETS} packets of each flow a handshake, DNS or ICMP problem names (both directions, plus
 * the ICMP errors quoting the flow and the packets the problem cites). Per-packet TCP events (retransmissions,
 * duplicate ACKs) get no timeline: their packet numbers are already in the problem.
 */
final class Timelines {
  static final Set<ProblemKind> KINDS = EnumSet.of(ProblemKind.TCP_SYN_UNANSWERED,
      ProblemKind.TCP_CONNECTION_REFUSED, ProblemKind.TCP_CONNECTION_REJECTED, ProblemKind.TCP_RESET,
      ProblemKind.DNS_NO_RESPONSE, ProblemKind.DNS_SERVFAIL, ProblemKind.DNS_REFUSED, ProblemKind.DNS_CONNTRACK_RACE,
      ProblemKind.DNS_TRUNCATED_NO_TCP_RETRY, ProblemKind.ICMP_ECHO_NO_REPLY, ProblemKind.ICMP_UNREACHABLE);
  /** At most this many timelines per capture: the report stays short. */
  static final int MAX_TIMELINES = 50;

  private Timelines() {}

  static List<Timeline> of(String path, CaptureStage.Source content, CaptureSummary s) {
    List<Collector> wanted = new ArrayList<>();
    List<Problem> problems = s.problems();
    for (int i = 0; i < problems.size() && wanted.size() < MAX_TIMELINES; i++) {
      Problem p = problems.get(i);
      if (p.flow() != null && KINDS.contains(p.kind())) wanted.add(new Collector(i, p));
    }
    if (wanted.isEmpty() || content == null) return List.of();
    long first = s.firstNanos();
    PacketVisitor v = pv -> {
      for (Collector c : wanted) c.offer(pv, first);
    };
    try (InputStream in = content.open()) {
      CaptureReader.read(path, in, v);
    } catch (IOException e) {
      return List.of(); // it opened for the analysis moments ago; without it there is no timeline to show
    }
    return wanted.stream().map(c -> new Timeline(c.index, c.problem.flow().toString(), c.packets, c.more)).toList();
  }

  private static final class Collector {
    final int index;
    final Problem problem;
    final FlowKey key;
    final List<Packet> packets = new ArrayList<>();
    boolean more;

    Collector(int index, Problem problem) {
      this.index = index;
      this.problem = problem;
      this.key = problem.flow();
    }

    void offer(PacketView v, long first) {
      String dir = direction(v);
      if (dir == null) return;
      if (packets.size() >= Timeline.MAX_PACKETS) {
        more = true;
        return;
      }
      packets.add(new Packet(v.number(), Math.max(0, (v.timestampNanos() - first) / 1000), dir,
          endpoint(v.src(), v.hasPorts() ? v.srcPort() : -1), endpoint(v.dst(), v.hasPorts() ? v.dstPort() : -1),
          summary(v)));
    }

    private String direction(PacketView v) {
      if (v.isLaterFragment()) return null;
      IpAddr src = v.src();
      IpAddr dst = v.dst();
      if (v.ipProto() == key.protocol()) {
        int sp = v.hasPorts() ? v.srcPort() : 0;
        int dp = v.hasPorts() ? v.dstPort() : 0;
        if (src.equals(key.src()) && dst.equals(key.dst()) && sp == key.srcPort() && dp == key.dstPort()) {
          return "->";
        }
        if (src.equals(key.dst()) && dst.equals(key.src()) && sp == key.dstPort() && dp == key.srcPort()) {
          return "<-";
        }
      }
      if (v.isIcmp() && v.hasQuoted() && v.quotedProto() == key.protocol()
          && new IpAddr(v.quotedSrcHi(), v.quotedSrcLo()).equals(key.src())
          && new IpAddr(v.quotedDstHi(), v.quotedDstLo()).equals(key.dst())
          && (key.srcPort() == 0 || v.quotedSrcPort() == key.srcPort())
          && (key.dstPort() == 0 || v.quotedDstPort() == key.dstPort())) {
        return "icmp";
      }
      if (problem.packets().contains(v.number())) return "icmp";
      return null;
    }
  }

  private static String endpoint(IpAddr a, int port) {
    String s = a.isV4() ? a.toString() : "[" + a + "]";
    return port < 0 ? s : s + ":" + port;
  }

  static String summary(PacketView v) {
    if (v.isIcmp()) return icmp(v.ipProto() == 58, v.icmpType(), v.icmpCode());
    if (v.isTcp()) {
      String s = dev.packetwalk.capture.path.PointReader.flags(v.tcpFlags());
      return v.payloadLength() > 0 ? s + " len=" + v.payloadLength() : s;
    }
    if (v.isUdp()) {
      String s = "UDP len=" + v.payloadLength();
      if (v.dstPort() == 53) return "DNS query, " + s;
      if (v.srcPort() == 53) return "DNS response, " + s;
      return s;
    }
    return "ip-proto " + v.ipProto();
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
      default -> "ICMPv6 type " + type + " code " + code;
    };
  }
}
