package dev.packetwalk.parse.pcap;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The ring of {@link PacketBatch}es between the decoding thread (producer) and the visiting thread (consumer).
 * Hand-over through the queues publishes a batch's contents to the other thread. The consumer can cancel: the
 * producer then fails its next {@link #fresh()} with {@link Cancelled} and unwinds.
 */
final class BatchPipe {
  /** Batches in the ring: one being filled, one being visited, the rest queued. */
  private static final int DEPTH = 4;
  private static final PacketBatch END = new PacketBatch(0, 0);

  private final BlockingQueue<PacketBatch> full = new ArrayBlockingQueue<>(DEPTH + 1);
  private final BlockingQueue<PacketBatch> free = new ArrayBlockingQueue<>(DEPTH);
  private volatile boolean cancelled;
  private int created;

  /** Thrown on the producer side once the consumer has gone away. */
  static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("capture reading cancelled", null, false, false);
    }
  }

  /** Producer: an empty batch, waiting for one to come back when all are in use. */
  PacketBatch fresh() {
    PacketBatch b = free.poll();
    if (b == null && created < DEPTH) {
      created++;
      return new PacketBatch();
    }
    try {
      while (b == null) {
        if (cancelled) throw new Cancelled();
        b = free.poll(20, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Cancelled();
    }
    b.clear();
    return b;
  }

  /** Producer: hands a filled batch over (an empty one is recycled at once). */
  void publish(PacketBatch b) {
    if (b.count == 0) {
      free.offer(b);
      return;
    }
    put(b);
  }

  /** Producer: no more batches. Always called, also after a failure. */
  void end() {
    put(END);
  }

  private void put(PacketBatch b) {
    try {
      while (!cancelled) {
        if (full.offer(b, 20, TimeUnit.MILLISECONDS)) return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (b != END) throw new Cancelled();
  }

  /** Consumer: the next filled batch, or null at the end. */
  PacketBatch take() throws InterruptedException {
    PacketBatch b = full.take();
    return b == END ? null : b;
  }

  /** Consumer: gives a visited batch back to the producer. */
  void recycle(PacketBatch b) {
    free.offer(b);
  }

  /** Consumer: stops the producer (it fails its next hand-over). */
  void cancel() {
    cancelled = true;
    full.clear();
  }
}
