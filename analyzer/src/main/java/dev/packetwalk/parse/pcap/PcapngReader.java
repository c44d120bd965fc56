package dev.packetwalk.parse.pcap;

import dev.packetwalk.parse.ParseWarning;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng: a sequence of sections, each a Section Header Block (which fixes the byte order) followed by Interface
 * Description Blocks (link type and timestamp resolution per interface) and packet blocks (EPB, SPB, obsolete PB).
 * Every other block type is skipped by its length, which is what lets readers of this format move on.
 */
final class PcapngReader {
  static final int SHB = 0x0A0D0D0A;
  private static final int IDB = 1, PB = 2, SPB = 3, EPB = 6;
  /** Blocks Wireshark lists as frames although they carry no packet: systemd journal export, custom blocks. */
  private static final int SYSTEMD_JOURNAL = 9, CUSTOM = 0x00000BAD, CUSTOM_NO_COPY = 0x40000BAD;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  /** Larger blocks exist only in corrupt files (a packet block is at most 256 KiB + headers + options). */
  private static final int MAX_BLOCK = 16 << 20;

  /** One interface of the current section. */
  private record Iface(int linkType, long snapLen, boolean binaryResolution, int resolutionExponent,
      long offsetSeconds) {

    long toNanos(long units) {
      long nanos;
      if (binaryResolution) {
        int n = resolutionExponent;
        long sec = n >= 64 ? 0 : units >>> n;
        long frac = n >= 64 ? units : units & ((1L << n) - 1);
        nanos = sec * 1_000_000_000L + (long) (frac * (1e9 / Math.pow(2, n)));
      } else if (resolutionExponent <= 9) {
        nanos = units * POW10[9 - resolutionExponent];
      } else {
        nanos = units / POW10[Math.min(18, resolutionExponent - 9)];
      }
      return nanos + offsetSeconds * 1_000_000_000L;
    }
  }

  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private final InputBuffer in;
  private final ReadSession s;
  private final byte[] h = new byte[28];
  private final List<Iface> ifaces = new ArrayList<>();
  private boolean le;
  private int section;

  private PcapngReader(InputBuffer in, ReadSession s) {
    this.in = in;
    this.s = s;
  }

  /** Reads after the first 4 bytes (the SHB type), already consumed. */
  static CaptureFormat read(InputBuffer in, ReadSession s) throws IOException {
    new PcapngReader(in, s).run();
    return CaptureFormat.PCAPNG;
  }

  private void run() throws IOException {
    boolean typeConsumed = true;
    while (true) {
      int type;
      if (typeConsumed) {
        type = SHB;
        typeConsumed = false;
      } else {
        int n = in.read(h, 0, 4);
        if (n == 0) {
          return;
        }
        if (n < 4) {
          truncated("a block header");
          return;
        }
        type = Bytes.i32(h, 0, le);
      }
      if (type == SHB) {
        if (!sectionHeader()) {
          return;
        }
        continue;
      }
      if (in.read(h, 0, 4) < 4) {
        truncated("a block header");
        return;
      }
      long total = Bytes.u32(h, 0, le);
      if (total < 12 || total % 4 != 0 || total > MAX_BLOCK) {
        s.warn(s.nextNumber(), ParseWarning.Kind.MALFORMED, "corrupt pcapng block (type " + Integer.toHexString(type)
            + ", length " + total + ") before packet " + s.nextNumber() + "; the rest of the file is unreadable");
        return;
      }
      int body = (int) total - 12;
      boolean ok = switch (type) {
        case IDB -> interfaceDescription(body);
        case EPB -> packet(body, false);
        case PB -> packet(body, true);
        case SPB -> simplePacket(body);
        case SYSTEMD_JOURNAL, CUSTOM, CUSTOM_NO_COPY -> {
          s.skipFrameNumber();
          yield skip(body);
        }
        default -> skip(body);
      };
      if (!ok || !trailer(total)) {
        return;
      }
    }
  }

  /** SHB: byte-order magic, version, section length, options. A new section forgets all interfaces. */
  private boolean sectionHeader() throws IOException {
    if (in.read(h, 0, 8) < 8) {
      truncated("a section header");
      return false;
    }
    int bom = Bytes.i32(h, 4, false);
    if (bom == BYTE_ORDER_MAGIC) {
      le = false;
    } else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
      le = true;
    } else {
      s.warn(s.nextNumber(), ParseWarning.Kind.MALFORMED, "pcapng section header has a bad byte-order magic "
          + Integer.toHexString(bom) + "; stopping before packet " + s.nextNumber());
      return false;
    }
    long total = Bytes.u32(h, 0, le);
    if (total < 28 || total % 4 != 0 || total > MAX_BLOCK) {
      s.warn(s.nextNumber(), ParseWarning.Kind.MALFORMED, "corrupt pcapng section header (length " + total + ")");
      return false;
    }
    if (in.read(h, 0, 4) < 4) {
      truncated("a section header");
      return false;
    }
    int major = Bytes.u16(h, 0, le);
    int minor = Bytes.u16(h, 2, le);
    section++;
    if (major != 1) {
      s.warn(s.nextNumber(), ParseWarning.Kind.UNSUPPORTED, "pcapng section " + section + " has version " + major
          + "." + minor + " (only 1.x exists); stopping before packet " + s.nextNumber());
      return false;
    }
    ifaces.clear();
    // section length (8 bytes) and options are of no use to a streaming reader
    return skip((int) total - 20) && trailer(total);
  }

  private boolean interfaceDescription(int body) throws IOException {
    byte[] b = new byte[body]; // one small allocation per interface, not per packet
    if (in.read(b, 0, body) < body) {
      truncated("an interface description");
      return false;
    }
    if (body < 8) {
      s.warn(s.nextNumber(), ParseWarning.Kind.MALFORMED, "interface description block too short");
      return true;
    }
    int linkType = Bytes.u16(b, 0, le);
    long snap = Bytes.u32(b, 4, le);
    boolean binary = false;
    int exponent = 6;
    long offset = 0;
    int p = 8;
    while (p + 4 <= body) {
      int code = Bytes.u16(b, p, le);
      int len = Bytes.u16(b, p + 2, le);
      if (code == 0 || p + 4 + len > body) {
        break;
      }
      if (code == 9 && len >= 1) { // if_tsresol: MSB set = negative power of 2, else of 10
        int r = b[p + 4] & 0xff;
        binary = (r & 0x80) != 0;
        exponent = r & 0x7f;
      } else if (code == 14 && len >= 8) { // if_tsoffset, seconds
        offset = Bytes.u64(b, p + 4, le);
      }
      p += 4 + ((len + 3) & ~3);
    }
    ifaces.add(new Iface(linkType, snap, binary, exponent, offset));
    return true;
  }

  /** EPB (20-byte fixed part: interface, timestamp high/low, captured and original length) or obsolete PB. */
  private boolean packet(int body, boolean obsolete) throws IOException {
    long number = s.nextNumber();
    if (body < 20 || in.read(h, 0, 20) < 20) {
      truncated("packet " + number);
      return false;
    }
    int iface = obsolete ? Bytes.u16(h, 0, le) : Bytes.i32(h, 0, le);
    long units = (Bytes.u32(h, 4, le) << 32) | Bytes.u32(h, 8, le);
    long caplen = Bytes.u32(h, 12, le);
    long origlen = Bytes.u32(h, 16, le);
    int rest = body - 20;
    if (caplen > rest || caplen > ReadSession.MAX_CAPLEN || iface < 0 || iface >= ifaces.size()) {
      String why = iface < 0 || iface >= ifaces.size() ? "refers to undeclared interface " + iface
          : "claims " + caplen + " captured bytes in a block of " + body;
      s.warn(number, ParseWarning.Kind.MALFORMED, "packet " + number + " " + why + "; block skipped");
      s.skipFrameNumber(); // keep Wireshark's numbering for the packets after it
      return skip(rest);
    }
    return frame(ifaces.get(iface), iface, units, (int) caplen, origlen, rest);
  }

  /** SPB: original length only; captured length is bounded by the block and interface 0's snap length. */
  private boolean simplePacket(int body) throws IOException {
    long number = s.nextNumber();
    if (body < 4 || in.read(h, 0, 4) < 4) {
      truncated("packet " + number);
      return false;
    }
    if (ifaces.isEmpty()) {
      s.warn(number, ParseWarning.Kind.MALFORMED, "simple packet block before any interface; block skipped");
      s.skipFrameNumber();
      return skip(body - 4);
    }
    Iface i = ifaces.get(0);
    long origlen = Bytes.u32(h, 0, le);
    long caplen = Math.min(Math.min(origlen, body - 4), i.snapLen() > 0 ? i.snapLen() : Long.MAX_VALUE);
    if (caplen > ReadSession.MAX_CAPLEN) {
      s.warn(number, ParseWarning.Kind.MALFORMED, "packet " + number + " is larger than " + ReadSession.MAX_CAPLEN);
      s.skipFrameNumber();
      return skip(body - 4);
    }
    // an SPB carries no timestamp; Wireshark shows 0 too
    return frame(i, 0, Long.MIN_VALUE, (int) caplen, origlen, body - 4);
  }

  private boolean frame(Iface i, int iface, long units, int caplen, long origlen, int rest) throws IOException {
    long number = s.nextNumber();
    int at = s.reserve(caplen);
    if (in.read(s.arena(), at, caplen) < caplen) {
      truncated("packet " + number);
      return false;
    }
    if (!skip(rest - caplen)) { // padding and options
      return false;
    }
    long ts = units == Long.MIN_VALUE ? 0 : i.toNanos(units);
    s.deliver(ts, caplen, (int) Math.min(Integer.MAX_VALUE, Math.max(origlen, caplen)), i.linkType(), iface);
    return true;
  }

  private boolean skip(int n) throws IOException {
    if (in.skip(n) < n) {
      truncated("a block");
      return false;
    }
    return true;
  }

  /** The repeated total length closes every block; a mismatch means we lost the framing. */
  private boolean trailer(long total) throws IOException {
    if (in.read(h, 0, 4) < 4) {
      truncated("a block trailer");
      return false;
    }
    long again = Bytes.u32(h, 0, le);
    if (again != total) {
      s.warn(s.nextNumber(), ParseWarning.Kind.MALFORMED, "pcapng block length " + total + " is not repeated at its end ("
          + again + "); the file is corrupt after packet " + (s.nextNumber() - 1));
      return false;
    }
    return true;
  }

  private void truncated(String what) {
    s.warn(s.nextNumber(), ParseWarning.Kind.TRUNCATED,
        "file ends inside " + what + "; the " + s.packets + " packets before it were kept");
  }
}
