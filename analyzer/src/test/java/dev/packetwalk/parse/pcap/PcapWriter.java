package dev.packetwalk.parse.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds small captures in memory for edge-case tests: classic pcap (either order, µs or ns) and pcapng. */
final class PcapWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteOrder order;
  private final boolean nanos;

  private PcapWriter(ByteOrder order, boolean nanos) {
    this.order = order;
    this.nanos = nanos;
  }

  static PcapWriter classic(ByteOrder order, boolean nanos, int linkType) {
    PcapWriter w = new PcapWriter(order, nanos);
    ByteBuffer h = ByteBuffer.allocate(24).order(order);
    h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(262144).putInt(linkType);
    w.out.writeBytes(h.array());
    return w;
  }

  PcapWriter packet(long sec, long frac, byte[] data) {
    ByteBuffer h = ByteBuffer.allocate(16).order(order);
    h.putInt((int) sec).putInt((int) frac).putInt(data.length).putInt(data.length);
    out.writeBytes(h.array());
    out.writeBytes(data);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** pcapng section header + one interface per link type (if_tsresol given per interface, -1 = default µs). */
  static byte[] pcapng(ByteOrder order, int[] linkTypes, int[] tsresol, int[] packetIface, long[] units,
      byte[][] data) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    block(o, order, 0x0A0D0D0A, b -> b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1), 16);
    for (int i = 0; i < linkTypes.length; i++) {
      int lt = linkTypes[i];
      int res = tsresol[i];
      block(o, order, 1, b -> {
        b.putShort((short) lt).putShort((short) 0).putInt(0);
        if (res >= 0) {
          b.putShort((short) 9).putShort((short) 1).put((byte) res).put(new byte[3]);
          b.putShort((short) 0).putShort((short) 0);
        }
      }, 8 + (res >= 0 ? 12 : 0));
    }
    for (int i = 0; i < data.length; i++) {
      byte[] d = data[i];
      int iface = packetIface[i];
      long u = units[i];
      int padded = (d.length + 3) & ~3;
      block(o, order, 6, b -> b.putInt(iface).putInt((int) (u >>> 32)).putInt((int) u).putInt(d.length)
          .putInt(d.length).put(d).put(new byte[padded - d.length]), 20 + padded);
    }
    return o.toByteArray();
  }

  private static void block(ByteArrayOutputStream o, ByteOrder order, int type,
      java.util.function.Consumer<ByteBuffer> body, int bodyLen) {
    ByteBuffer b = ByteBuffer.allocate(12 + bodyLen).order(order);
    b.putInt(type).putInt(12 + bodyLen);
    body.accept(b);
    b.putInt(12 + bodyLen);
    o.writeBytes(b.array());
  }
}
