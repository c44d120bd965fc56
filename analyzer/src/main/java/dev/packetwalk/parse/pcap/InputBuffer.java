package dev.packetwalk.parse.pcap;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered, forward-only reader over any stream (a file, a gzip stream, a tar entry). Memory is one fixed buffer
 * whatever the capture size; records are copied from it straight into the packet buffer.
 */
final class InputBuffer {
  /** Large reads: one system call (or one inflate call) per 256 KiB, not per packet. */
  private static final int SIZE = 1 << 18;
  private final InputStream in;
  private final byte[] buf = new byte[SIZE];
  private int pos;
  private int limit;
  private long consumed;

  InputBuffer(InputStream in) {
    this.in = in;
  }

  /** Reads up to {@code len} bytes; returns fewer only at end of stream. */
  int read(byte[] dst, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      if (pos == limit && !fill()) {
        break;
      }
      int n = Math.min(len - done, limit - pos);
      System.arraycopy(buf, pos, dst, off + done, n);
      pos += n;
      done += n;
    }
    consumed += done;
    return done;
  }

  /** Skips up to {@code n} bytes; returns fewer only at end of stream. */
  long skip(long n) throws IOException {
    long done = 0;
    while (done < n) {
      if (pos == limit && !fill()) {
        break;
      }
      int k = (int) Math.min(n - done, limit - pos);
      pos += k;
      done += k;
    }
    consumed += done;
    return done;
  }

  /** Bytes consumed so far (of the decompressed stream). */
  long position() {
    return consumed;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, SIZE);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
