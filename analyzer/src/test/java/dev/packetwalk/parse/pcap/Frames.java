package dev.packetwalk.parse.pcap;

import java.nio.ByteBuffer;

/** Hand-built frames for decoder tests (checksums left zero: the decoder does not verify them). */
final class Frames {
  private Frames() {}

  static byte[] ipv4(int proto, String src, String dst, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) 1).putShort((short) 0x4000)
        .put((byte) 64).put((byte) proto).putShort((short) 0).put(addr(src)).put(addr(dst)).put(payload);
    return b.array();
  }

  static byte[] tcp(int sport, int dport, long seq, long ack, int flags, int window, int payloadLen) {
    ByteBuffer b = ByteBuffer.allocate(20 + payloadLen);
    b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack).put((byte) 0x50)
        .put((byte) flags).putShort((short) window).putInt(0);
    return b.array();
  }

  static byte[] udp(int sport, int dport, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
    b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0)
        .put(payload);
    return b.array();
  }

  static byte[] ethernet(byte[] ip, int... vlans) {
    ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlans.length + ip.length);
    b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
    for (int v : vlans) {
      b.putShort((short) 0x8100).putShort((short) v);
    }
    b.putShort((short) 0x0800).put(ip);
    return b.array();
  }

  static byte[] sll2(byte[] ip, int ifindex) {
    ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
    b.putShort((short) 0x0800).putShort((short) 0).putInt(ifindex).putShort((short) 1).put((byte) 4).put((byte) 6)
        .put(new byte[8]).put(ip);
    return b.array();
  }

  static byte[] vxlan(int vni, byte[] innerEthernet) {
    ByteBuffer b = ByteBuffer.allocate(8 + innerEthernet.length);
    b.put((byte) 0x08).put(new byte[3]).putInt(vni << 8).put(innerEthernet);
    return b.array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  static byte[] addr(String dotted) {
    String[] p = dotted.split("\\.");
    return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
        (byte) Integer.parseInt(p[3])};
  }
}
