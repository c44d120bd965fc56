package dev.packetwalk.parse.pcap;

/**
 * A reusable batch of decoded packets handed from the decoding thread to the analysing one: the frames are copied
 * one after another into one arena, each with its own {@link PacketView} pointing into it. A small ring of batches
 * circulates between the two threads, so the bulk pass allocates nothing per packet.
 */
final class PacketBatch {
  /** Packets per batch: enough to make the hand-over cost nothing per packet, small enough to stay in cache. */
  static final int PACKETS = 512;
  /** Arena size; at least {@link ReadSession#MAX_CAPLEN} so that any single frame fits. */
  static final int ARENA = 1 << 20;

  final byte[] arena;
  final PacketView[] views;
  int count;
  int used;

  PacketBatch() {
    this(PACKETS, ARENA);
  }

  /** {@code (0, 0)} makes a sentinel. */
  PacketBatch(int packets, int arenaBytes) {
    arena = new byte[arenaBytes];
    views = new PacketView[packets];
    for (int i = 0; i < packets; i++) {
      views[i] = new PacketView(arena);
    }
  }

  /** Whether one more frame of {@code length} bytes fits. */
  boolean fits(int length) {
    return count < views.length && used + length <= arena.length;
  }

  void clear() {
    count = 0;
    used = 0;
  }
}
