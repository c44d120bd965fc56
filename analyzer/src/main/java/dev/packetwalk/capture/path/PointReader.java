package dev.packetwalk.capture.path;

import dev.packetwalk.parse.pcap.CaptureReader;
import dev.packetwalk.parse.pcap.IpAddr;
import dev.packetwalk.parse.pcap.Network;
import dev.packetwalk.parse.pcap.PacketView;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one capture point's packets for matching: every TCP, UDP and ICMP packet (the inner one of a tunnelled
 * packet), with an identity key made of what NAT leaves alone.
 *
 * <p>The key: IPv4 identification and protocol, plus for TCP the sequence and acknowledgement numbers and the
 * SYN/FIN/RST flags (not the length nor PSH, so that a segmentation-offload super-packet at one point matches its
 * first segment at another: both carry the first segment's id and sequence number); for UDP the payload length and
 * its first 64 bytes (a DNS message's id and question); for ICMP echo the type, id, sequence and payload; for an ICMP
 * error its type and code only (the kernel rewrites the quoted header along with the NAT).
 */
public final class PointReader {
  /** Packets kept per point; the collector's own default bound is 100 000. */
  public static final int MAX_PACKETS = 200_000;
  private static final int HASHED_PAYLOAD = 64;

  private PointReader() {}

  /** The packets of one capture, in file order; {@code cut} says whether {@link #MAX_PACKETS} stopped it. */
  public record Packets(List<PointPacket> packets, boolean cut) {
    public Packets {
      packets = List.copyOf(packets);
    }
  }

  public static Packets read(String path, byte[] capture) {
    return read(path, new ByteArrayInputStream(capture));
  }

  /** Reads a capture from a stream (a large one streamed from the bundle's archive); the caller closes it. */
  public static Packets read(String path, InputStream capture) {
    List<PointPacket> out = new ArrayList<>();
    boolean[] cut = {false};
    CaptureReader.read(path, capture, v -> {
      if (out.size() >= MAX_PACKETS) {
        cut[0] = true;
        return;
      }
      PointPacket p = of(v);
      if (p != null) out.add(p);
    });
    return new Packets(out, cut[0]);
  }

  static PointPacket of(PacketView v) {
    if ((v.network() != Network.IPV4 && v.network() != Network.IPV6) || v.isLaterFragment()) return null;
    int proto = v.ipProto();
    long h = mix(proto, v.ipId());
    String summary;
    int sport = 0;
    int dport = 0;
    String quoted = "";
    int icmpType = -1;
    if (v.isTcp()) {
      sport = v.srcPort();
      dport = v.dstPort();
      h = mix(mix(mix(h, v.tcpSeq()), v.tcpAck()), v.tcpFlags() & (PacketView.SYN | PacketView.FIN | PacketView.RST));
      String f = dev.packetwalk.capture.TcpFlags.names(v.tcpFlags());
      summary = (f.isEmpty() ? "no flags" : f) + (v.payloadLength() > 0 ? " len " + v.payloadLength() : "");
    } else if (v.isUdp()) {
      sport = v.srcPort();
      dport = v.dstPort();
      h = payload(mix(h, v.payloadLength()), v);
      summary = "UDP len " + v.payloadLength();
    } else if (v.isIcmp()) {
      icmpType = v.icmpType();
      boolean v6 = proto == 58;
      boolean echoRequest = v.icmpType() == (v6 ? 128 : 8);
      boolean echoReply = v.icmpType() == (v6 ? 129 : 0);
      h = mix(mix(h, v.icmpType()), v.icmpCode());
      if (echoRequest || echoReply) {
        int id = (int) (v.icmpRest() >>> 16) & 0xffff;
        h = payload(mix(h, v.icmpRest()), v);
        sport = echoRequest ? id : 0;
        dport = echoRequest ? 0 : id;
        summary = "ICMP echo " + (echoRequest ? "request" : "reply") + " id " + id + " seq " + (v.icmpRest() & 0xffff);
      } else {
        if (v.hasQuoted()) {
          quoted = PointPacket.tuple(v.quotedProto(), new IpAddr(v.quotedSrcHi(), v.quotedSrcLo()).toString(),
              v.quotedSrcPort(), new IpAddr(v.quotedDstHi(), v.quotedDstLo()).toString(), v.quotedDstPort());
        }
        summary = "ICMP" + (v6 ? "v6" : "") + " type " + v.icmpType() + " code " + v.icmpCode() + icmpName(v);
      }
    } else {
      return null;
    }
    return new PointPacket(v.number(), v.timestampNanos(), proto, v.src().toString(), sport, v.dst().toString(),
        dport, v.ipLength(), h, icmpType, quoted, summary);
  }

  private static String icmpName(PacketView v) {
    if (v.ipProto() != 1) return "";
    return switch (v.icmpType() * 256 + v.icmpCode()) {
      case 3 * 256 + 3 -> " (port unreachable)";
      case 3 * 256 + 1 -> " (host unreachable)";
      case 3 * 256 + 4 -> " (fragmentation needed, MTU " + (v.icmpRest() & 0xffff) + ")";
      case 3 * 256 + 13 -> " (administratively prohibited)";
      default -> "";
    };
  }


  private static long payload(long h, PacketView v) {
    byte[] b = v.buffer();
    int n = Math.min(HASHED_PAYLOAD, v.capturedPayloadLength());
    for (int i = 0; i < n; i++) h = mix(h, b[v.payloadOffset() + i]);
    return h;
  }

  /** A 64-bit mix (splitmix64's finaliser over the running value and the next field). */
  private static long mix(long h, long x) {
    long z = h * 0x9E3779B97F4A7C15L + x;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
