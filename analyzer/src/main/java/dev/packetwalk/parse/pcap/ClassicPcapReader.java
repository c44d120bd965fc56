package dev.packetwalk.parse.pcap;

import dev.packetwalk.parse.ParseWarning;
import java.io.IOException;

/** Classic libpcap files: a 24-byte file header, then 16-byte record headers each followed by the packet. */
final class ClassicPcapReader {
  static final int MAGIC = 0xA1B2C3D4;
  static final int MAGIC_NSEC = 0xA1B23C4D;
  /** Kuznetsov's patched libpcap: 8 extra bytes per record header. */
  static final int MAGIC_MODIFIED = 0xA1B2CD34;

  private ClassicPcapReader() {}

  /** Reads after the 4 magic bytes, already consumed; {@code magic} is as read big-endian. */
  static CaptureFormat read(InputBuffer in, int magic, ReadSession s) throws IOException {
    boolean le = magic != MAGIC && magic != MAGIC_NSEC && magic != MAGIC_MODIFIED;
    int m = le ? Integer.reverseBytes(magic) : magic;
    boolean nanos = m == MAGIC_NSEC;
    int recordHeader = m == MAGIC_MODIFIED ? 24 : 16;
    byte[] h = new byte[24];
    if (in.read(h, 0, 20) < 20) {
      s.warn(0, ParseWarning.Kind.TRUNCATED, "pcap file header is cut short");
      return nanos ? CaptureFormat.PCAP_NSEC : CaptureFormat.PCAP;
    }
    // bits 16-31 of the link-type field carry FCS information, not the link type
    int linkType = Bytes.i32(h, 16, le) & 0xFFFF;
    while (true) {
      int n = in.read(h, 0, recordHeader);
      if (n == 0) {
        break;
      }
      long number = s.nextNumber();
      if (n < recordHeader) {
        s.warn(number, ParseWarning.Kind.TRUNCATED,
            "file ends inside the record header of packet " + number + " (" + n + " of " + recordHeader + " bytes)");
        break;
      }
      long sec = Bytes.u32(h, 0, le);
      long frac = Bytes.u32(h, 4, le);
      long caplen = Bytes.u32(h, 8, le);
      long origlen = Bytes.u32(h, 12, le);
      if (caplen > ReadSession.MAX_CAPLEN) {
        // a classic pcap has no framing to resynchronise on: everything after a bogus length is noise
        s.warn(number, ParseWarning.Kind.MALFORMED, "packet " + number + " claims " + caplen
            + " captured bytes (more than " + ReadSession.MAX_CAPLEN + "); the file is corrupt from here on");
        break;
      }
      int at = s.reserve((int) caplen);
      int got = in.read(s.arena(), at, (int) caplen);
      if (got < caplen) {
        s.warn(number, ParseWarning.Kind.TRUNCATED,
            "file ends inside packet " + number + " (" + got + " of " + caplen + " bytes); earlier packets kept");
        break;
      }
      long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
      s.deliver(ts, (int) caplen, (int) Math.min(Integer.MAX_VALUE, Math.max(origlen, caplen)), linkType, 0);
    }
    return nanos ? CaptureFormat.PCAP_NSEC : CaptureFormat.PCAP;
  }
}
