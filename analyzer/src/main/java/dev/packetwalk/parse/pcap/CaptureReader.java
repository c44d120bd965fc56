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
   * <p>Two threads share the work: a decoding thread reads, parses the format and decodes headers into batches of
   * packet views; the calling thread runs the visitor over them. The visitor therefore always runs on the caller's
   * thread, and an exception it throws stops the decoding and reaches the caller. The stream is read only while
   * this method runs.
   *
   * @param file the name to put in warnings (a bundle path)
   */
  public static CaptureReadResult read(String file, InputStream in, PacketVisitor visitor) {
    BatchPipe pipe = new BatchPipe();
    Decoding decoding = new Decoding(file, in, pipe);
    Thread t = new Thread(decoding, "packetwalk-capture-decode");
    t.setDaemon(true);
    t.start();
    boolean interrupted = false;
    try {
      PacketBatch b;
      while ((b = pipe.take()) != null) {
        PacketView[] views = b.views;
        for (int i = 0, n = b.count; i < n; i++) {
          visitor.onPacket(views[i]);
        }
        pipe.recycle(b);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      pipe.cancel();
    } catch (RuntimeException | Error e) {
      pipe.cancel();
      join(t);
      throw e;
    }
    join(t);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (decoding.failure instanceof RuntimeException e) {
      throw e;
    }
    if (decoding.failure instanceof Error e) {
      throw e;
    }
    ReadSession s = decoding.session;
    if (interrupted) {
      s.warn(s.nextNumber(), ParseWarning.Kind.TRUNCATED, "reading interrupted before packet " + s.nextNumber());
    }
    return new CaptureReadResult(file, decoding.format, decoding.gzipped, s.linkTypes.stream().toList(), s.packets,
        s.wireBytes, s.capturedBytes, s.packets == 0 ? 0 : s.firstNanos, s.packets == 0 ? 0 : s.lastNanos,
        new TreeMap<>(s.unknownLinkTypePackets), s.fragments, s.truncatedHeaders, s.finishWarnings());
  }

  /** Waits for the decoding thread, which always ends soon once the pipe is at its end or cancelled. */
  private static void join(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The decoding thread's work: sniff, read the format, decode; its results are read after {@code join}. */
  private static final class Decoding implements Runnable {
    final ReadSession session;
    private final InputStream in;
    private final BatchPipe pipe;
    CaptureFormat format = CaptureFormat.UNKNOWN;
    boolean gzipped;
    Throwable failure;

    Decoding(String file, InputStream in, BatchPipe pipe) {
      this.session = new ReadSession(file, pipe);
      this.in = in;
      this.pipe = pipe;
    }

    @Override
    public void run() {
      try {
        read();
        session.flush();
      } catch (BatchPipe.Cancelled e) {
        // the visitor failed or the caller was interrupted; nothing more to do
      } catch (RuntimeException | Error e) {
        failure = e;
      } finally {
        pipe.end();
      }
    }

    private void read() {
      ReadSession s = session;
      InputBuffer buf = null;
      try {
        PushbackInputStream raw = new PushbackInputStream(in, 2);
        byte[] two = new byte[2];
        int n = raw.readNBytes(two, 0, 2);
        raw.unread(two, 0, n);
        gzipped = n == 2 && (two[0] & 0xff) == 0x1f && (two[1] & 0xff) == 0x8b;
        // reading runs on a third thread, ahead of the decoder: the system calls, and whatever the stream does as it
        // is read (inflating a gzip'd capture or its archive, hashing it for the bundle); bytes in memory need none
        buf = gzipped ? new InputBuffer(new GZIPInputStream(raw, 1 << 16), true)
            : new InputBuffer(raw, !(in instanceof java.io.ByteArrayInputStream));
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
              s.warn(0, ParseWarning.Kind.MALFORMED, String.format("not a packet capture: magic %08x is neither "
                  + "pcap (a1b2c3d4/a1b23c4d) nor pcapng (0a0d0d0a)", magic));
              yield CaptureFormat.UNKNOWN;
            }
          };
        }
      } catch (IOException e) {
        // a damaged gzip member or an interrupted stream: keep everything before it
        s.warn(s.nextNumber(), ParseWarning.Kind.TRUNCATED, "reading stopped before packet " + s.nextNumber()
            + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      } finally {
        if (buf != null) {
          buf.close();
        }
      }
    }
  }
}
