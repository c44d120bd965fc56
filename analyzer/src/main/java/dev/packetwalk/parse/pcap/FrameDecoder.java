package dev.packetwalk.parse.pcap;

import static dev.packetwalk.parse.pcap.Bytes.i32;
import static dev.packetwalk.parse.pcap.Bytes.u16;
import static dev.packetwalk.parse.pcap.Bytes.u64;
import static dev.packetwalk.parse.pcap.Bytes.u8;

/**
 * Decodes link, tunnel, network and transport headers of the frame in a {@link PacketView} by hand, writing fields and
 * offsets into the view. Every read is bounds-checked against the captured length, so a short or lying packet sets
 * {@code truncatedHeaders} instead of throwing. No allocation.
 */
final class FrameDecoder {

  static final int VXLAN_PORT = 4789;
  static final int VXLAN_LINUX_PORT = 8472;
  static final int GENEVE_PORT = 6081;
  private static final int ETHERTYPE_IPV4 = 0x0800, ETHERTYPE_ARP = 0x0806, ETHERTYPE_IPV6 = 0x86DD,
      ETHERTYPE_TEB = 0x6558;
  /** Tunnels inside tunnels are rare; the cap only guards against crafted loops. */
  private static final int MAX_DEPTH = 4;

  void decode(PacketView v) {
    byte[] b = v.buf;
    int f = v.frameOffset;
    int end = f + v.capturedLength;
    switch (v.linkType) {
      case LinkType.ETHERNET -> ethernet(v, f, end, 0);
      case LinkType.LINUX_SLL -> {
        if (end - f < 16) {
          v.truncatedHeaders = true;
          return;
        }
        v.sllPacketType = u16(b, f);
        etherType(v, u16(b, f + 14), f + 16, end, 0);
      }
      case LinkType.LINUX_SLL2 -> {
        if (end - f < 20) {
          v.truncatedHeaders = true;
          return;
        }
        v.sllIfIndex = i32(b, f + 4);
        v.sllPacketType = u8(b, f + 10);
        etherType(v, u16(b, f), f + 20, end, 0);
      }
      case LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14, LinkType.IPV4, LinkType.IPV6 -> ip(v, f, end, 0);
      case LinkType.NULL, LinkType.LOOP -> nullLoopback(v, f, end);
      case LinkType.NFLOG -> nflog(v, f, end);
      default -> { } // counted by the reader
    }
  }

  /** BSD loopback: a 4-byte address family, in the capturing host's byte order for NULL, big-endian for LOOP. */
  private void nullLoopback(PacketView v, int f, int end) {
    if (end - f < 4) {
      v.truncatedHeaders = true;
      return;
    }
    int family = i32(v.buf, f);
    if (v.linkType == LinkType.NULL && (family & 0xFFFF) == 0) {
      family = Integer.reverseBytes(family);
    }
    // AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS)
    if (family == 2 || family == 10 || family == 24 || family == 28 || family == 30) {
      ip(v, f + 4, end, 0);
    }
  }

  /** NFLOG (iptables -j NFLOG): a 4-byte header then TLVs in host order; TLV 9 holds the IP packet. */
  private void nflog(PacketView v, int f, int end) {
    byte[] b = v.buf;
    int p = f + 4;
    while (p + 4 <= end) {
      int len = u16(b, p, true);
      int type = u16(b, p + 2, true) & 0x7fff;
      if (len < 4) {
        v.truncatedHeaders = true;
        return;
      }
      if (type == 9) {
        ip(v, p + 4, Math.min(end, p + len), 0);
        return;
      }
      p += (len + 3) & ~3;
    }
  }

  private void ethernet(PacketView v, int off, int end, int depth) {
    if (end - off < 14) {
      v.truncatedHeaders = true;
      return;
    }
    etherType(v, u16(v.buf, off + 12), off + 14, end, depth);
  }

  private void etherType(PacketView v, int type, int off, int end, int depth) {
    byte[] b = v.buf;
    while (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
      if (end - off < 4) {
        v.truncatedHeaders = true;
        return;
      }
      if (v.vlanCount++ == 0) {
        v.vlanId = u16(b, off) & 0xFFF;
      }
      type = u16(b, off + 2);
      off += 4;
    }
    switch (type) {
      case ETHERTYPE_IPV4, ETHERTYPE_IPV6 -> ip(v, off, end, depth);
      case ETHERTYPE_ARP -> arp(v, off, end);
      default -> { }
    }
  }

  private void arp(PacketView v, int off, int end) {
    byte[] b = v.buf;
    if (end - off < 28) {
      v.truncatedHeaders = true;
      return;
    }
    // only Ethernet/IPv4 ARP is meaningful on a Kubernetes node
    if (u16(b, off + 2) != ETHERTYPE_IPV4 || u8(b, off + 4) != 6 || u8(b, off + 5) != 4) {
      return;
    }
    v.network = Network.ARP;
    v.arpOp = u16(b, off + 6);
    v.srcHi = 0;
    v.srcLo = IpAddr.v4Lo(i32(b, off + 14));
    v.dstHi = 0;
    v.dstLo = IpAddr.v4Lo(i32(b, off + 24));
  }

  private void ip(PacketView v, int off, int end, int depth) {
    if (end - off < 1) {
      v.truncatedHeaders = true;
      return;
    }
    int version = u8(v.buf, off) >>> 4;
    if (version == 4) {
      ipv4(v, off, end, depth);
    } else if (version == 6) {
      ipv6(v, off, end, depth);
    }
  }

  private void ipv4(PacketView v, int off, int end, int depth) {
    byte[] b = v.buf;
    if (end - off < 20) {
      v.truncatedHeaders = true;
      return;
    }
    int ihl = (u8(b, off) & 0x0F) * 4;
    if (ihl < 20) {
      v.truncatedHeaders = true;
      return;
    }
    int total = u16(b, off + 2);
    int fragField = u16(b, off + 6);
    boolean moreFragments = (fragField & 0x2000) != 0;
    int fragOffset = fragField & 0x1FFF;
    v.network = Network.IPV4;
    v.srcHi = 0;
    v.srcLo = IpAddr.v4Lo(i32(b, off + 12));
    v.dstHi = 0;
    v.dstLo = IpAddr.v4Lo(i32(b, off + 16));
    v.ttl = u8(b, off + 8);
    v.ipId = u16(b, off + 4);
    v.ipProto = u8(b, off + 9);
    // total length 0 is what segmentation offload leaves in captured super-packets: trust the capture then
    v.ipLength = total >= ihl ? total : end - off;
    v.fragment = moreFragments || fragOffset != 0;
    v.laterFragment = fragOffset != 0;
    if (v.laterFragment) {
      return;
    }
    if (end - off < ihl) {
      v.truncatedHeaders = true;
      return;
    }
    transport(v, v.ipProto, off + ihl, v.ipLength - ihl, end, depth);
  }

  private void ipv6(PacketView v, int off, int end, int depth) {
    byte[] b = v.buf;
    if (end - off < 40) {
      v.truncatedHeaders = true;
      return;
    }
    int payload = u16(b, off + 4);
    int next = u8(b, off + 6);
    v.network = Network.IPV6;
    v.ttl = u8(b, off + 7);
    v.srcHi = u64(b, off + 8, false);
    v.srcLo = u64(b, off + 16, false);
    v.dstHi = u64(b, off + 24, false);
    v.dstLo = u64(b, off + 32, false);
    int remaining = payload != 0 ? payload : end - off - 40; // 0 = jumbogram or offload
    v.ipLength = 40 + remaining;
    int p = off + 40;
    for (int i = 0; i < 8; i++) {
      int hdrLen;
      switch (next) {
        case 0, 43, 60 -> { // hop-by-hop, routing, destination options
          if (end - p < 8) {
            v.ipProto = next;
            v.truncatedHeaders = true;
            return;
          }
          hdrLen = (u8(b, p + 1) + 1) * 8;
        }
        case 51 -> { // AH counts in 4-byte units
          if (end - p < 8) {
            v.ipProto = next;
            v.truncatedHeaders = true;
            return;
          }
          hdrLen = (u8(b, p + 1) + 2) * 4;
        }
        case 44 -> { // fragment
          if (end - p < 8) {
            v.ipProto = next;
            v.truncatedHeaders = true;
            return;
          }
          int field = u16(b, p + 2);
          v.fragment = true;
          v.laterFragment = (field >>> 3) != 0;
          hdrLen = 8;
        }
        default -> {
          v.ipProto = next;
          if (!v.laterFragment) {
            transport(v, next, p, remaining, end, depth);
          }
          return;
        }
      }
      next = u8(b, p);
      p += hdrLen;
      remaining -= hdrLen;
      if (v.laterFragment) {
        v.ipProto = next;
        return;
      }
    }
    v.ipProto = next;
  }

  private void transport(PacketView v, int proto, int off, int l4Len, int end, int depth) {
    byte[] b = v.buf;
    l4Len = Math.max(0, l4Len);
    switch (proto) {
      case 6 -> tcp(v, off, l4Len, end);
      case 17 -> {
        if (end - off < 8) {
          v.truncatedHeaders = true;
          return;
        }
        v.hasPorts = true;
        v.srcPort = u16(b, off);
        v.dstPort = u16(b, off + 2);
        int udpLen = u16(b, off + 4);
        v.payloadOffset = off + 8;
        v.payloadLength = Math.max(0, (udpLen >= 8 ? Math.min(udpLen, l4Len) : l4Len) - 8);
        if (depth < MAX_DEPTH && !v.fragment) {
          udpTunnel(v, end, depth);
        }
      }
      case 1, 58 -> icmp(v, proto, off, l4Len, end);
      case 4, 41 -> {
        if (depth < MAX_DEPTH) {
          enterTunnel(v, Encapsulation.IP_IN_IP);
          ip(v, off, end, depth + 1);
        }
      }
      case 47 -> gre(v, off, end, depth);
      default -> { }
    }
  }

  private void tcp(PacketView v, int off, int l4Len, int end) {
    byte[] b = v.buf;
    if (end - off < 20) {
      v.truncatedHeaders = true;
      return;
    }
    v.hasPorts = true;
    v.srcPort = u16(b, off);
    v.dstPort = u16(b, off + 2);
    v.tcpSeq = i32(b, off + 4) & 0xFFFF_FFFFL;
    v.tcpAck = i32(b, off + 8) & 0xFFFF_FFFFL;
    int dataOffset = (u8(b, off + 12) >>> 4) * 4;
    v.tcpFlags = u8(b, off + 13);
    v.tcpWindow = u16(b, off + 14);
    if (dataOffset < 20) {
      v.truncatedHeaders = true;
      dataOffset = 20;
    }
    v.payloadOffset = off + dataOffset;
    v.payloadLength = Math.max(0, l4Len - dataOffset);
    if ((v.tcpFlags & PacketView.SYN) != 0) {
      windowScale(v, off + 20, Math.min(end, off + dataOffset));
    }
  }

  /** Reads only the window-scale option (kind 3); the analysis needs nothing else from options. */
  private static void windowScale(PacketView v, int p, int end) {
    byte[] b = v.buf;
    while (p < end) {
      int kind = u8(b, p);
      if (kind == 0) {
        return;
      }
      if (kind == 1) {
        p++;
        continue;
      }
      if (p + 1 >= end) {
        return;
      }
      int len = u8(b, p + 1);
      if (len < 2) {
        return;
      }
      if (kind == 3 && len == 3 && p + 2 < end) {
        v.tcpWindowScale = Math.min(14, u8(b, p + 2));
      }
      p += len;
    }
  }

  private void udpTunnel(PacketView v, int end, int depth) {
    byte[] b = v.buf;
    int p = v.payloadOffset;
    int port = v.dstPort;
    if ((port == VXLAN_PORT || port == VXLAN_LINUX_PORT) && end - p >= 8 && (u8(b, p) & 0x08) != 0) {
      int vni = i32(b, p + 4) >>> 8;
      enterTunnel(v, Encapsulation.VXLAN);
      v.vni = vni;
      ethernet(v, p + 8, end, depth + 1);
    } else if (port == GENEVE_PORT && end - p >= 8 && (u8(b, p) >>> 6) == 0) {
      int optLen = (u8(b, p) & 0x3F) * 4;
      int protocol = u16(b, p + 2);
      int vni = i32(b, p + 4) >>> 8;
      enterTunnel(v, Encapsulation.GENEVE);
      v.vni = vni;
      if (protocol == ETHERTYPE_TEB) {
        ethernet(v, p + 8 + optLen, end, depth + 1);
      } else {
        etherType(v, protocol, p + 8 + optLen, end, depth + 1);
      }
    }
  }

  private void gre(PacketView v, int off, int end, int depth) {
    byte[] b = v.buf;
    if (end - off < 4) {
      v.truncatedHeaders = true;
      return;
    }
    int flags = u16(b, off);
    if ((flags & 0x7) != 0 || depth >= MAX_DEPTH) {
      return; // version 1 is PPTP's enhanced GRE: PPP inside, not ours
    }
    int protocol = u16(b, off + 2);
    int p = off + 4;
    if ((flags & 0xC000) != 0) { // checksum or routing present: 4 more bytes
      p += 4;
    }
    int key = -1;
    if ((flags & 0x2000) != 0) {
      if (end - p < 4) {
        v.truncatedHeaders = true;
        return;
      }
      key = i32(b, p);
      p += 4;
    }
    if ((flags & 0x1000) != 0) {
      p += 4;
    }
    enterTunnel(v, Encapsulation.GRE);
    v.vni = key;
    if (protocol == ETHERTYPE_TEB) {
      ethernet(v, p, end, depth + 1);
    } else {
      etherType(v, protocol, p, end, depth + 1);
    }
  }

  /** Remembers the outermost IP header once, then clears transport fields for the inner packet to fill. */
  private static void enterTunnel(PacketView v, Encapsulation kind) {
    if (v.encapsulation == Encapsulation.NONE) {
      v.encapsulation = kind;
      v.outerSrcHi = v.srcHi;
      v.outerSrcLo = v.srcLo;
      v.outerDstHi = v.dstHi;
      v.outerDstLo = v.dstLo;
      v.outerProto = v.ipProto;
    }
    v.network = Network.NONE;
    v.ipProto = -1;
    v.fragment = v.laterFragment = false;
    v.hasPorts = false;
    v.srcPort = v.dstPort = 0;
    v.payloadOffset = v.payloadLength = 0;
  }

  private void icmp(PacketView v, int proto, int off, int l4Len, int end) {
    byte[] b = v.buf;
    if (end - off < 4) {
      v.truncatedHeaders = true;
      return;
    }
    v.icmpType = u8(b, off);
    v.icmpCode = u8(b, off + 1);
    if (end - off < 8) {
      v.truncatedHeaders = true;
      return;
    }
    v.icmpRest = i32(b, off + 4) & 0xFFFF_FFFFL;
    v.payloadOffset = off + 8;
    v.payloadLength = Math.max(0, l4Len - 8);
    int t = v.icmpType;
    boolean error = proto == 1 ? (t == 3 || t == 4 || t == 5 || t == 11 || t == 12) : (t >= 1 && t <= 4);
    if (error) {
      quoted(v, off + 8, end);
    }
  }

  /** The header of the packet an ICMP error refers to: enough to find its flow. */
  private static void quoted(PacketView v, int off, int end) {
    byte[] b = v.buf;
    if (end - off < 20) {
      return;
    }
    int version = u8(b, off) >>> 4;
    int l4;
    if (version == 4) {
      int ihl = (u8(b, off) & 0x0F) * 4;
      if (ihl < 20) {
        return;
      }
      v.quotedProto = u8(b, off + 9);
      v.quotedSrcHi = 0;
      v.quotedSrcLo = IpAddr.v4Lo(i32(b, off + 12));
      v.quotedDstHi = 0;
      v.quotedDstLo = IpAddr.v4Lo(i32(b, off + 16));
      l4 = off + ihl;
    } else if (version == 6 && end - off >= 40) {
      v.quotedProto = u8(b, off + 6);
      v.quotedSrcHi = u64(b, off + 8, false);
      v.quotedSrcLo = u64(b, off + 16, false);
      v.quotedDstHi = u64(b, off + 24, false);
      v.quotedDstLo = u64(b, off + 32, false);
      l4 = off + 40;
    } else {
      return;
    }
    v.hasQuoted = true;
    if ((v.quotedProto == 6 || v.quotedProto == 17) && end - l4 >= 4) {
      v.quotedSrcPort = u16(b, l4);
      v.quotedDstPort = u16(b, l4 + 2);
    }
  }
}
