package dev.packetwalk.parse.pcap;

/** Unsigned reads from a byte array in either byte order; capture headers use the writer's order, packets use big-endian. */
final class Bytes {
  private Bytes() {}

  static int u8(byte[] b, int off) {
    return b[off] & 0xff;
  }

  static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  static int u16(byte[] b, int off, boolean littleEndian) {
    return littleEndian ? ((b[off + 1] & 0xff) << 8) | (b[off] & 0xff) : u16(b, off);
  }

  static int i32(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }

  static int i32(byte[] b, int off, boolean littleEndian) {
    return littleEndian ? Integer.reverseBytes(i32(b, off)) : i32(b, off);
  }

  static long u32(byte[] b, int off, boolean littleEndian) {
    return i32(b, off, littleEndian) & 0xFFFF_FFFFL;
  }

  static long u64(byte[] b, int off, boolean littleEndian) {
    long v = ((long) i32(b, off) << 32) | (i32(b, off + 4) & 0xFFFF_FFFFL);
    return littleEndian ? Long.reverseBytes(v) : v;
  }
}
