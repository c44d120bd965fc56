package dev.packetwalk.parse.pcap;

import java.util.Arrays;

/**
 * A flyweight over the one packet the reader currently holds: header fields decoded by hand plus offsets into the
 * shared buffer. It is reused for every packet, so it is valid only during
 * {@link PacketVisitor#onPacket(PacketView)}; keep values, not the view. {@link #copyFrame()} is the one way to keep
 * bytes, meant for the few packets selected for deep decoding.
 *
 * <p>Addresses are exposed as {@code (hi, lo)} longs (see {@link IpAddr}) so that a flow table can key on them without
 * objects. When the packet came through a tunnel, the main fields describe the innermost packet and the
 * {@code outer*} fields the outermost IP header.
 */
public final class PacketView {

  /** TCP flag bits as in the header's low byte. */
  public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40,
      CWR = 0x80;

  // frame
  byte[] buf;
  /** Where the frame starts in {@link #buf}; every other offset is absolute in {@link #buf} too. */
  int frameOffset;
  long number;
  long timestampNanos;
  int capturedLength;
  int originalLength;
  int linkType;
  int interfaceId;
  // link layer
  int vlanId;
  int vlanCount;
  int sllIfIndex;
  int sllPacketType;
  // network layer (innermost)
  Network network;
  long srcHi, srcLo, dstHi, dstLo;
  int ipProto;
  int ttl;
  int ipLength;
  int ipId;
  boolean fragment;
  boolean laterFragment;
  // tunnel (outermost IP)
  Encapsulation encapsulation;
  long outerSrcHi, outerSrcLo, outerDstHi, outerDstLo;
  int outerProto;
  int vni;
  // transport
  boolean hasPorts;
  int srcPort, dstPort;
  int tcpFlags;
  long tcpSeq, tcpAck;
  int tcpWindow;
  int tcpWindowScale;
  int payloadOffset;
  int payloadLength;
  int icmpType, icmpCode;
  long icmpRest;
  // ICMP error: the quoted packet's header
  boolean hasQuoted;
  int quotedProto;
  long quotedSrcHi, quotedSrcLo, quotedDstHi, quotedDstLo;
  int quotedSrcPort, quotedDstPort;
  // ARP
  int arpOp;
  boolean truncatedHeaders;

  PacketView(byte[] buf) {
    this.buf = buf;
  }

  /** Clears everything decoded from the previous packet; the reader then sets the frame fields. */
  void reset() {
    vlanId = -1;
    vlanCount = 0;
    sllIfIndex = -1;
    sllPacketType = -1;
    network = Network.NONE;
    srcHi = srcLo = dstHi = dstLo = 0;
    ipProto = -1;
    ttl = -1;
    ipLength = 0;
    ipId = -1;
    fragment = laterFragment = false;
    encapsulation = Encapsulation.NONE;
    outerSrcHi = outerSrcLo = outerDstHi = outerDstLo = 0;
    outerProto = -1;
    vni = -1;
    hasPorts = false;
    srcPort = dstPort = 0;
    tcpFlags = 0;
    tcpSeq = tcpAck = 0;
    tcpWindow = 0;
    tcpWindowScale = -1;
    payloadOffset = payloadLength = 0;
    icmpType = icmpCode = -1;
    icmpRest = 0;
    hasQuoted = false;
    quotedProto = -1;
    quotedSrcHi = quotedSrcLo = quotedDstHi = quotedDstLo = 0;
    quotedSrcPort = quotedDstPort = 0;
    arpOp = 0;
    truncatedHeaders = false;
  }

  /** 1-based frame number, as Wireshark numbers frames. */
  public long number() { return number; }

  /** Nanoseconds since the Unix epoch. */
  public long timestampNanos() { return timestampNanos; }

  public int capturedLength() { return capturedLength; }

  /** Length on the wire (may exceed {@link #capturedLength()} when the snap length cut the packet). */
  public int originalLength() { return originalLength; }

  public int linkType() { return linkType; }

  /** pcapng interface id (0 for classic pcap). */
  public int interfaceId() { return interfaceId; }

  /**
   * The shared buffer; bytes {@code [frameOffset(), frameOffset() + capturedLength())} are this frame. Read only,
   * and only during the callback.
   */
  public byte[] buffer() { return buf; }

  /** Offset of the frame's first byte in {@link #buffer()}. */
  public int frameOffset() { return frameOffset; }

  /** First 802.1Q VLAN id, or -1. */
  public int vlanId() { return vlanId; }

  /** Number of VLAN tags (2 for QinQ). */
  public int vlanCount() { return vlanCount; }

  /** SLL2 interface index on the capturing host (never resolved to a name here), or -1. */
  public int sllIfIndex() { return sllIfIndex; }

  /** SLL/SLL2 packet type (0 to us, 4 outgoing, ...), or -1. */
  public int sllPacketType() { return sllPacketType; }

  public Network network() { return network; }

  public long srcHi() { return srcHi; }
  public long srcLo() { return srcLo; }
  public long dstHi() { return dstHi; }
  public long dstLo() { return dstLo; }

  /** Allocates; for reporting, not for the per-packet path. For ARP: sender protocol address. */
  public IpAddr src() { return new IpAddr(srcHi, srcLo); }

  /** Allocates; for reporting, not for the per-packet path. For ARP: target protocol address. */
  public IpAddr dst() { return new IpAddr(dstHi, dstLo); }

  /** IPv4 protocol / IPv6 final next header, or -1. */
  public int ipProto() { return ipProto; }

  public int ttl() { return ttl; }

  /** IP datagram length from the header (total length, or 40 + payload length for IPv6). */
  public int ipLength() { return ipLength; }

  /** IPv4 identification of the innermost header (NAT and forwarding keep it), or -1 (IPv6, not decoded). */
  public int ipId() { return ipId; }

  /** Any IPv4/IPv6 fragment, including the first. */
  public boolean isFragment() { return fragment; }

  /** A fragment other than the first: it carries no transport header. */
  public boolean isLaterFragment() { return laterFragment; }

  public Encapsulation encapsulation() { return encapsulation; }
  public long outerSrcHi() { return outerSrcHi; }
  public long outerSrcLo() { return outerSrcLo; }
  public long outerDstHi() { return outerDstHi; }
  public long outerDstLo() { return outerDstLo; }

  /** Protocol field of the outermost IP header when tunnelled, else -1. */
  public int outerProto() { return outerProto; }

  /** VXLAN/Geneve VNI or GRE key, or -1. */
  public int vni() { return vni; }

  /** TCP or UDP header decoded (ports valid). */
  public boolean hasPorts() { return hasPorts; }
  public int srcPort() { return srcPort; }
  public int dstPort() { return dstPort; }

  public boolean isTcp() { return hasPorts && ipProto == 6; }
  public boolean isUdp() { return hasPorts && ipProto == 17; }
  public boolean isIcmp() { return icmpType >= 0; }

  public int tcpFlags() { return tcpFlags; }
  public boolean tcpFlag(int bit) { return (tcpFlags & bit) != 0; }
  public long tcpSeq() { return tcpSeq; }
  public long tcpAck() { return tcpAck; }

  /** Raw (unscaled) window field. */
  public int tcpWindow() { return tcpWindow; }

  /** Window scale option of a SYN, or -1. */
  public int tcpWindowScale() { return tcpWindowScale; }

  /** Offset of the TCP/UDP/ICMP payload in {@link #buffer()} (absolute, not from the frame's start). */
  public int payloadOffset() { return payloadOffset; }

  /** Payload length according to the headers (TCP segment length); may exceed what was captured. */
  public int payloadLength() { return payloadLength; }

  /** Payload bytes actually present in the buffer. */
  public int capturedPayloadLength() {
    return Math.max(0, Math.min(payloadLength, frameOffset + capturedLength - payloadOffset));
  }

  /** ICMP or ICMPv6 type (see {@link #ipProto()} for which), or -1. */
  public int icmpType() { return icmpType; }
  public int icmpCode() { return icmpCode; }

  /** The 4 bytes after the ICMP checksum: id/sequence for echo, next-hop MTU for frag-needed/packet-too-big. */
  public long icmpRest() { return icmpRest; }

  /** An ICMP error carried the header of the packet it refers to. */
  public boolean hasQuoted() { return hasQuoted; }
  public int quotedProto() { return quotedProto; }
  public long quotedSrcHi() { return quotedSrcHi; }
  public long quotedSrcLo() { return quotedSrcLo; }
  public long quotedDstHi() { return quotedDstHi; }
  public long quotedDstLo() { return quotedDstLo; }
  public int quotedSrcPort() { return quotedSrcPort; }
  public int quotedDstPort() { return quotedDstPort; }

  /** ARP opcode (1 request, 2 reply), or 0. */
  public int arpOp() { return arpOp; }

  /** The snap length or a bogus length field cut a header short; fields after the cut are unset. */
  public boolean truncatedHeaders() { return truncatedHeaders; }

  /** A private copy of the captured bytes: the only per-packet allocation, for deep decoding. */
  public byte[] copyFrame() {
    return Arrays.copyOfRange(buf, frameOffset, frameOffset + capturedLength);
  }
}
