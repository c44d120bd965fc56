package dev.packetwalk.parse.pcap;

import dev.packetwalk.parse.ParseWarning;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Entry point of the bulk pass: sniffs gzip and the capture format from magic numbers, streams every packet through
 * a {@link PacketVisitor}, and reports what went wrong as warnings instead of exceptions.
 *
 * <pre>{@code
 * CaptureReadResult r = CaptureReader.read("nodes/n1/capture.pcap.gz", tarEntryStream, v -> {
 *   if (v.isTcp() && v.tcpFlag(PacketView.RST)) resets++;
 * });
 * }</pre>
 */
public final class CaptureReader {

  private CaptureReader() {}

  public static CaptureReadResult read(Path file, PacketVisitor visitor) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in, visitor);
    }
  }

  /**
   * Reads a whole capture from {@code in} (not closed here). Only an I/O error of the underlying stream itself
   * escapes; a damaged or cut capture, including a damaged gzip stream, ends with a warning.
   *
   * @param file the name to put in warnings (a bundle path)
   */
  public static CaptureReadResult read(String file, InputStream in, PacketVisitor visitor) {
    ReadSession s = new ReadSession(file, visitor);
    CaptureFormat format = CaptureFormat.UNKNOWN;
    boolean gzipped = false;
    InputBuffer buf = null;
    try {
      PushbackInputStream raw = new PushbackInputStream(in, 2);
      byte[] two = new byte[2];
      int n = raw.readNBytes(two, 0, 2);
      raw.unread(two, 0, n);
      gzipped = n == 2 && (two[0] & 0xff) == 0x1f && (two[1] & 0xff) == 0x8b;
      // inflating (or reading) runs on a second thread, ahead of the decoder
      buf = new InputBuffer(gzipped ? new GZIPInputStream(raw, 1 << 16) : raw, true);
      byte[] m = new byte[4];
      int got = buf.read(m, 0, 4);
      if (got == 0) {
        s.warn(0, ParseWarning.Kind.TRUNCATED, "empty capture file");
      } else if (got < 4) {
        s.warn(0, ParseWarning.Kind.TRUNCATED, "capture file is only " + got + " bytes long");
      } else {
        int magic = Bytes.i32(m, 0);
        format = switch (magic) {
          case ClassicPcapReader.MAGIC, ClassicPcapReader.MAGIC_NSEC, ClassicPcapReader.MAGIC_MODIFIED,
              0xD4C3B2A1, 0x4D3CB2A1, 0x34CDB2A1 -> ClassicPcapReader.read(buf, magic, s);
          case PcapngReader.SHB -> PcapngReader.read(buf, s);
          default -> {
            s.warn(0, ParseWarning.Kind.MALFORMED, String.format(
                "not a packet capture: magic %08x is neither pcap (a1b2c3d4/a1b23c4d) nor pcapng (0a0d0d0a)", magic));
            yield CaptureFormat.UNKNOWN;
          }
        };
      }
    } catch (IOException e) {
      // a damaged gzip member or an interrupted stream: keep everything before it
      s.warn(s.nextNumber(), ParseWarning.Kind.TRUNCATED, "reading stopped before packet " + s.nextNumber() + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } finally {
      if (buf != null) {
        buf.close();
      }
    }
    return new CaptureReadResult(file, format, gzipped, s.linkTypes.stream().toList(), s.packets, s.wireBytes,
        s.capturedBytes, s.packets == 0 ? 0 : s.firstNanos, s.packets == 0 ? 0 : s.lastNanos,
        new TreeMap<>(s.unknownLinkTypePackets), s.fragments, s.truncatedHeaders, s.finishWarnings());
  }
}
