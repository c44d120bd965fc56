package dev.packetwalk.parse.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A buffered, forward-only reader over any stream (a file, a gzip stream, a tar entry). Memory is a few fixed chunks
 * whatever the capture size; records are copied from them straight into the packet buffer.
 *
 * <p>With {@code readAhead}, a daemon thread fills the chunks while the caller decodes: the system calls, and above
 * all the inflater of a gzip'd capture (which costs more than the whole analysis), run on the second core. Chunks
 * are handed over, not copied. Errors of the stream reach the caller after the bytes read before them, as they would
 * without the thread. {@link #close()} stops the thread; the underlying stream is never closed here.
 */
final class InputBuffer implements AutoCloseable {
  /** Chunk size: one system call (or inflate call) per 512 KiB, not per packet. */
  static final int SIZE = 1 << 19;
  /** Chunks filled ahead of the reader. */
  private static final int DEPTH = 4;

  private final InputStream in;
  private byte[] buf;
  private int pos;
  private int limit;
  private long consumed;
  private boolean eof;

  // read-ahead
  private final Thread filler;
  private final BlockingQueue<Chunk> full;
  private final BlockingQueue<byte[]> free;
  private volatile boolean closed;

  /** A filled chunk, or the end of the stream ({@code data == null}) with the error that ended it, if any. */
  private record Chunk(byte[] data, int length, Throwable error) {}

  InputBuffer(InputStream in) {
    this(in, false);
  }

  InputBuffer(InputStream in, boolean readAhead) {
    this.in = in;
    if (readAhead) {
      full = new ArrayBlockingQueue<>(DEPTH);
      free = new ArrayBlockingQueue<>(DEPTH + 2);
      buf = new byte[0];
      filler = new Thread(this::fill, "packetwalk-capture-read-ahead");
      filler.setDaemon(true);
      filler.start();
    } else {
      full = null;
      free = null;
      buf = new byte[SIZE];
      filler = null;
    }
  }

  /** Reads up to {@code len} bytes; returns fewer only at end of stream. */
  int read(byte[] dst, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      if (pos == limit && !next()) {
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
      if (pos == limit && !next()) {
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

  private boolean next() throws IOException {
    if (eof) {
      return false;
    }
    if (filler == null) {
      int n = in.read(buf, 0, SIZE);
      if (n <= 0) {
        eof = true;
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    }
    if (buf.length > 0) {
      free.offer(buf);
    }
    Chunk c;
    try {
      c = full.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading the capture");
    }
    if (c.data == null) {
      eof = true;
      buf = new byte[0];
      pos = limit = 0;
      if (c.error instanceof IOException e) {
        throw e;
      }
      if (c.error instanceof RuntimeException e) {
        throw e;
      }
      if (c.error instanceof Error e) {
        throw e;
      }
      return false;
    }
    buf = c.data;
    pos = 0;
    limit = c.length;
    return true;
  }

  /** The read-ahead thread: fills chunks until the end of the stream, an error, or {@link #close()}. */
  private void fill() {
    Throwable error = null;
    try {
      while (!closed) {
        byte[] b = free.poll();
        if (b == null) {
          b = new byte[SIZE];
        }
        int n = 0;
        while (n < b.length) {
          int r = in.read(b, n, b.length - n);
          if (r < 0) {
            break;
          }
          n += r;
        }
        if (n > 0 && !hand(new Chunk(b, n, null))) {
          return;
        }
        if (n < b.length) {
          break;
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      error = e;
    }
    hand(new Chunk(null, 0, error));
  }

  /** Queues a chunk unless the reader closed; false when it did. */
  private boolean hand(Chunk c) {
    try {
      while (!closed) {
        if (full.offer(c, 20, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** Stops the read-ahead thread (after its current read) and waits for it, so the stream is free again. */
  @Override
  public void close() {
    if (filler == null || closed) {
      return;
    }
    closed = true;
    full.clear();
    try {
      filler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while closing the capture"));
    }
  }
}
