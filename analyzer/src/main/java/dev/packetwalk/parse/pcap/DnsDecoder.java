package dev.packetwalk.parse.pcap;

import java.util.function.Consumer;

/**
 * Hand decoder for the DNS header and first question. Used on the few packets the analysis selects (port 53), so it
 * may allocate (the name); it never throws on garbage, it returns {@code null}.
 */
public final class DnsDecoder {
  private static final int MAX_NAME = 255;

  private DnsDecoder() {}

  /** The UDP payload of {@code v}, or {@code null} when it is not a plausible DNS message. */
  public static DnsMessage decodeUdp(PacketView v) {
    return decode(v.buffer(), v.payloadOffset(), v.capturedPayloadLength());
  }

  /**
   * DNS over TCP: each message has a 2-byte length prefix. Messages that start in this segment and end in it are
   * decoded; a message split across segments is skipped (rare for queries; large answers lose only their count).
   */
  public static void decodeTcp(PacketView v, Consumer<DnsMessage> sink) {
    byte[] b = v.buffer();
    int p = v.payloadOffset();
    int end = p + v.capturedPayloadLength();
    while (end - p >= 2 + 12) {
      int len = Bytes.u16(b, p);
      if (len < 12 || p + 2 + len > end) {
        return;
      }
      DnsMessage m = decode(b, p + 2, len);
      if (m == null) {
        return;
      }
      sink.accept(m);
      p += 2 + len;
    }
  }

  public static DnsMessage decode(byte[] b, int off, int len) {
    if (len < 12 || off < 0 || off + len > b.length) {
      return null;
    }
    int end = off + len;
    int id = Bytes.u16(b, off);
    int flags = Bytes.u16(b, off + 2);
    int qd = Bytes.u16(b, off + 4);
    int an = Bytes.u16(b, off + 6);
    boolean response = (flags & 0x8000) != 0;
    int opcode = (flags >>> 11) & 0xF;
    boolean tc = (flags & 0x0200) != 0;
    int rcode = flags & 0xF;
    if (opcode > 6) {
      return null;
    }
    String qname = "";
    int qtype = 0;
    if (qd > 0) {
      StringBuilder name = new StringBuilder(64);
      int p = readName(b, off, off + 12, end, name);
      if (p < 0 || p + 4 > end) {
        return null;
      }
      qname = name.toString().toLowerCase(java.util.Locale.ROOT);
      qtype = Bytes.u16(b, p);
    }
    return new DnsMessage(id, response, opcode, tc, rcode, qname, qtype, an);
  }

  /** Appends the dotted name at {@code p}; returns the offset after it, or -1. Follows compression pointers. */
  private static int readName(byte[] b, int msg, int p, int end, StringBuilder out) {
    int after = -1;
    int jumps = 0;
    while (p < end) {
      int l = b[p] & 0xff;
      if (l == 0) {
        return after >= 0 ? after : p + 1;
      }
      if ((l & 0xC0) == 0xC0) {
        if (p + 1 >= end || ++jumps > 16) {
          return -1;
        }
        if (after < 0) {
          after = p + 2;
        }
        p = msg + (((l & 0x3F) << 8) | (b[p + 1] & 0xff));
        continue;
      }
      if ((l & 0xC0) != 0 || p + 1 + l > end || out.length() + l + 1 > MAX_NAME) {
        return -1;
      }
      if (out.length() > 0) {
        out.append('.');
      }
      for (int i = 0; i < l; i++) {
        out.append((char) (b[p + 1 + i] & 0xff));
      }
      p += 1 + l;
    }
    return -1;
  }
}
