package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.IpAddr;
import dev.packetwalk.parse.pcap.PacketView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ICMP signals: path-MTU errors with the next-hop MTU, unreachables (tied back to a TCP handshake or a DNS query
 * when they quote one), and echo requests without a reply. ICMP is rare next to TCP, so this class may allocate.
 */
final class IcmpTracker {
  private static final int MAX_PENDING_ECHOES = 100_000;

  private record Echo(IpAddr from, IpAddr to, long idSeq) {
    // written out: see IpAddr
    @Override
    public boolean equals(Object o) {
      return o instanceof Echo e && e.idSeq == idSeq && e.from.equals(from) && e.to.equals(to);
    }

    @Override
    public int hashCode() {
      return (from.hashCode() * 31 + to.hashCode()) * 31 + Long.hashCode(idSeq);
    }
  }

  /** Aggregation of equal findings: count and first packets. */
  private static final class Group {
    final FlowKey flow;
    final String detail;
    long count;
    final List<Long> packets = new ArrayList<>();

    Group(FlowKey flow, String detail) {
      this.flow = flow;
      this.detail = detail;
    }

    void add(long packet) {
      count++;
      if (packets.size() < Problem.MAX_PACKETS) {
        packets.add(packet);
      }
    }
  }

  private final Map<Echo, Long> pendingEchoes = new LinkedHashMap<>();
  private final Map<String, Group> groups = new TreeMap<>();
  private final Map<String, ProblemKind> groupKinds = new TreeMap<>();

  void onPacket(PacketView v, FlowTable flows, DnsTracker dns) {
    boolean v4 = v.ipProto() == 1;
    int type = v.icmpType();
    long n = v.number();
    if ((v4 && type == 8) || (!v4 && type == 128)) {
      if (pendingEchoes.size() < MAX_PENDING_ECHOES) {
        pendingEchoes.putIfAbsent(new Echo(v.src(), v.dst(), v.icmpRest()), n);
      }
      return;
    }
    if ((v4 && type == 0) || (!v4 && type == 129)) {
      pendingEchoes.remove(new Echo(v.dst(), v.src(), v.icmpRest()));
      return;
    }
    onError(v, v4, type, n, flows, dns);
  }

  /** An ICMP error, or another message that is neither echo nor reply: rare, so kept apart from the hot path. */
  private void onError(PacketView v, boolean v4, int type, long n, FlowTable flows, DnsTracker dns) {
    boolean fragNeeded = v4 && type == 3 && v.icmpCode() == 4;
    boolean tooBig = !v4 && type == 2;
    boolean unreachable = (v4 && type == 3 && !fragNeeded) || (!v4 && type == 1);
    if (!(fragNeeded || tooBig || unreachable) || !v.hasQuoted()) {
      return;
    }
    IpAddr qSrc = new IpAddr(v.quotedSrcHi(), v.quotedSrcLo());
    IpAddr qDst = new IpAddr(v.quotedDstHi(), v.quotedDstLo());
    FlowKey quoted = new FlowKey(v.quotedProto(), qSrc, v.quotedSrcPort(), qDst, v.quotedDstPort());
    if (fragNeeded || tooBig) {
      long mtu = fragNeeded ? v.icmpRest() & 0xFFFF : v.icmpRest();
      String detail = v.src() + " cannot forward " + (fragNeeded ? "DF " : "") + "packets larger than " + mtu
          + " bytes towards " + qDst + " (next-hop MTU " + mtu + "); larger segments are dropped until the sender"
          + " lowers its path MTU";
      add(fragNeeded ? ProblemKind.ICMP_FRAGMENTATION_NEEDED : ProblemKind.ICMPV6_PACKET_TOO_BIG, quoted, detail, n);
      return;
    }
    if (v.quotedProto() == 6) {
      Flow f = flows.find(v.quotedSrcHi(), v.quotedSrcLo(), v.quotedSrcPort(), v.quotedDstHi(), v.quotedDstLo(),
          v.quotedDstPort(), 6);
      if (f != null && f.tcp.synPacket != 0 && f.tcp.synAckPacket == 0 && f.tcp.rejectedPacket == 0) {
        f.tcp.rejectedPacket = n;
        f.tcp.rejectedDetail = unreachableName(v4, v.icmpCode()) + " from " + v.src();
        return;
      }
    }
    if (v.quotedProto() == 17 && v.quotedDstPort() == 53) {
      dns.onIcmpError(qSrc, v.quotedSrcPort(), qDst, n);
    }
    add(ProblemKind.ICMP_UNREACHABLE, quoted, v.src() + " answered " + unreachableName(v4, v.icmpCode())
        + " for " + quoted, n);
  }

  private void add(ProblemKind kind, FlowKey flow, String detail, long packet) {
    String key = kind.ordinal() + "|" + detail;
    groups.computeIfAbsent(key, k -> new Group(flow, detail)).add(packet);
    groupKinds.put(key, kind);
  }

  List<Problem> problems() {
    List<Problem> out = new ArrayList<>();
    groups.forEach((key, g) -> out.add(new Problem(groupKinds.get(key), g.flow, g.detail, g.count, g.packets)));
    Map<String, Group> echoes = new TreeMap<>();
    pendingEchoes.forEach((e, packet) -> {
      FlowKey flow = new FlowKey(e.from().isV4() ? 1 : 58, e.from(), 0, e.to(), 0);
      echoes.computeIfAbsent(e.from() + ">" + e.to(), k -> new Group(flow, "echo request from " + e.from() + " to "
          + e.to() + " got no echo reply")).add(packet);
    });
    echoes.values().forEach(g -> out.add(new Problem(ProblemKind.ICMP_ECHO_NO_REPLY, g.flow, g.detail, g.count,
        g.packets.stream().sorted().toList())));
    return out;
  }

  static String unreachableName(boolean v4, int code) {
    if (!v4) {
      return switch (code) {
        case 0 -> "no route to destination";
        case 1 -> "administratively prohibited";
        case 3 -> "address unreachable";
        case 4 -> "port unreachable";
        case 6 -> "reject route to destination";
        default -> "destination unreachable (code " + code + ")";
      };
    }
    return switch (code) {
      case 0 -> "net unreachable";
      case 1 -> "host unreachable";
      case 3 -> "port unreachable";
      case 9, 10, 13 -> "administratively prohibited (code " + code + ")";
      default -> "destination unreachable (code " + code + ")";
    };
  }
}
