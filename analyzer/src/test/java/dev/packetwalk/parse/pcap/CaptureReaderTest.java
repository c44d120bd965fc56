package dev.packetwalk.parse.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Handmade edge cases: each builds a small capture in memory and checks what the reader and decoder make of it. */
class CaptureReaderTest {

  private static final byte[] SYN = Frames.ipv4(6, "10.0.0.1", "10.0.0.2",
      Frames.tcp(40000, 80, 1000, 0, PacketView.SYN, 64240, 0));

  /** What a visitor saw, copied out of the flyweight. */
  record Seen(long number, long nanos, Network network, String src, String dst, int sport, int dport, int vlan,
      Encapsulation encap, int vni, String outerSrc, int ifindex) {}

  static List<Seen> seen = new ArrayList<>();

  static CaptureReadResult read(byte[] capture) {
    seen = new ArrayList<>();
    return CaptureReader.read("test.pcap", new ByteArrayInputStream(capture), v -> seen.add(new Seen(v.number(),
        v.timestampNanos(), v.network(), v.src().toString(), v.dst().toString(), v.srcPort(), v.dstPort(),
        v.vlanId(), v.encapsulation(), v.vni(), new IpAddr(v.outerSrcHi(), v.outerSrcLo()).toString(),
        v.sllIfIndex())));
  }

  @Test
  void classicPcapBothByteOrders() {
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      CaptureReadResult r = read(PcapWriter.classic(order, false, LinkType.RAW).packet(10, 5, SYN).bytes());
      assertEquals(CaptureFormat.PCAP, r.format());
      assertEquals(1, r.packets());
      assertTrue(r.clean(), r.warnings().toString());
      assertEquals(10_000_005_000L, seen.get(0).nanos());
      assertEquals("10.0.0.1", seen.get(0).src());
      assertEquals(80, seen.get(0).dport());
    }
  }

  @Test
  void nanosecondPcapKeepsNanoseconds() {
    CaptureReadResult r = read(PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, true, LinkType.RAW)
        .packet(10, 123_456_789, SYN).bytes());
    assertEquals(CaptureFormat.PCAP_NSEC, r.format());
    assertEquals(10_123_456_789L, seen.get(0).nanos());
  }

  @Test
  void gzippedPcapIsStreamedAndSniffedByMagic() throws IOException {
    byte[] plain = PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET)
        .packet(1, 0, Frames.ethernet(SYN)).packet(2, 0, Frames.ethernet(SYN)).bytes();
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
      g.write(plain);
    }
    CaptureReadResult r = read(gz.toByteArray());
    assertTrue(r.gzipped());
    assertEquals(2, r.packets());
    assertTrue(r.clean(), r.warnings().toString());
  }

  @Test
  void truncatedRecordKeepsEarlierPacketsAndNamesThePacket() {
    byte[] full = PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.RAW).packet(1, 0, SYN)
        .packet(2, 0, SYN).bytes();
    CaptureReadResult r = read(Arrays.copyOf(full, full.length - 10));
    assertEquals(1, r.packets());
    assertEquals(1, r.warnings().size());
    ParseWarning w = r.warnings().get(0);
    assertEquals(ParseWarning.Kind.TRUNCATED, w.kind());
    assertEquals(2, w.line());
    assertTrue(w.describe().startsWith("test.pcap:2: file ends inside packet 2"), w.describe());
  }

  @Test
  void truncatedGzipStreamIsAWarningNotAnException() throws IOException {
    byte[] plain = PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.RAW).packet(1, 0, SYN).bytes();
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
      g.write(plain);
    }
    CaptureReadResult r = read(Arrays.copyOf(gz.toByteArray(), gz.size() - 12));
    assertFalse(r.clean());
    assertEquals(ParseWarning.Kind.TRUNCATED, r.warnings().get(0).kind());
  }

  @Test
  void absurdCaplenStopsWithAWarning() {
    byte[] c = PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.RAW).packet(1, 0, SYN).packet(2, 0, SYN)
        .bytes();
    int second = 24 + 16 + SYN.length;
    c[second + 8] = (byte) 0xff; // caplen of packet 2 = 0x...ff -> > 256 KiB
    c[second + 10] = (byte) 0x7f;
    CaptureReadResult r = read(c);
    assertEquals(1, r.packets());
    assertEquals(ParseWarning.Kind.MALFORMED, r.warnings().get(0).kind());
    assertEquals(2, r.warnings().get(0).line());
  }

  @Test
  void badMagicIsAClearWarning() {
    CaptureReadResult r = read("hello, this is not a capture".getBytes());
    assertEquals(CaptureFormat.UNKNOWN, r.format());
    assertEquals(0, r.packets());
    assertTrue(r.warnings().get(0).message().contains("not a packet capture"), r.warnings().toString());
  }

  @Test
  void bigEndianPcapngWithTwoInterfacesAndTheirOwnResolutions() {
    byte[] c = PcapWriter.pcapng(ByteOrder.BIG_ENDIAN, new int[] {LinkType.ETHERNET, LinkType.RAW},
        new int[] {-1, 9}, new int[] {0, 1}, new long[] {1_500_000L, 2_000_000_007L},
        new byte[][] {Frames.ethernet(SYN), SYN});
    CaptureReadResult r = read(c);
    assertEquals(CaptureFormat.PCAPNG, r.format());
    assertTrue(r.clean(), r.warnings().toString());
    assertEquals(List.of(LinkType.ETHERNET, LinkType.RAW), r.linkTypes());
    assertEquals(1_500_000_000L, seen.get(0).nanos()); // default resolution: microseconds
    assertEquals(2_000_000_007L, seen.get(1).nanos()); // if_tsresol 9: nanoseconds
    assertEquals("10.0.0.2", seen.get(1).dst());
  }

  @Test
  void pcapngCutInsideABlockKeepsWhatWasRead() {
    byte[] c = PcapWriter.pcapng(ByteOrder.LITTLE_ENDIAN, new int[] {LinkType.RAW}, new int[] {-1},
        new int[] {0, 0}, new long[] {1, 2}, new byte[][] {SYN, SYN});
    CaptureReadResult r = read(Arrays.copyOf(c, c.length - 7));
    assertEquals(1, r.packets());
    assertEquals(ParseWarning.Kind.TRUNCATED, r.warnings().get(0).kind());
    assertEquals(2, r.warnings().get(0).line());
  }

  @Test
  void sll2GivesInterfaceIndexAndIp() {
    read(PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.LINUX_SLL2).packet(1, 0, Frames.sll2(SYN, 7))
        .bytes());
    assertEquals(Network.IPV4, seen.get(0).network());
    assertEquals(7, seen.get(0).ifindex());
    assertEquals(40000, seen.get(0).sport());
  }

  @Test
  void qinqVlanTagsAreSkippedAndTheOuterIdKept() {
    read(PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET)
        .packet(1, 0, Frames.ethernet(SYN, 100, 200)).bytes());
    assertEquals(100, seen.get(0).vlan());
    assertEquals("10.0.0.2", seen.get(0).dst());
  }

  @Test
  void vxlanInnerFlowIsTheMainFlowAndTheOuterHeaderIsKept() {
    for (int port : List.of(4789, 8472)) {
      byte[] inner = Frames.ethernet(SYN);
      byte[] outer = Frames.ipv4(17, "192.168.1.10", "192.168.1.11", Frames.udp(51000, port, Frames.vxlan(42, inner)));
      read(PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET).packet(1, 0, Frames.ethernet(outer))
          .bytes());
      Seen s = seen.get(0);
      assertEquals(Encapsulation.VXLAN, s.encap());
      assertEquals(42, s.vni());
      assertEquals("192.168.1.10", s.outerSrc());
      assertEquals("10.0.0.1", s.src());
      assertEquals(80, s.dport());
    }
  }

  @Test
  void unknownLinkTypeIsCountedAndWarnedOnce() {
    CaptureReadResult r = read(PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, 147).packet(1, 0, SYN)
        .packet(2, 0, SYN).bytes());
    assertEquals(2, r.packets());
    assertEquals(2L, r.unknownLinkTypePackets().get(147));
    assertEquals(1, r.warnings().size());
    assertEquals(ParseWarning.Kind.UNSUPPORTED, r.warnings().get(0).kind());
  }

  @Test
  void ipv6AddressesPrintCompressed() {
    assertEquals("2001:db8::1", IpAddr.parse("2001:db8:0:0:0:0:0:1").toString());
    assertEquals("10.1.2.3", IpAddr.parse("10.1.2.3").toString());
  }

  @Test
  void packetsCrossingBatchesKeepTheirOrderBytesAndOffsets() {
    // more packets than one batch holds, and frames large enough to fill an arena before the count does
    PcapWriter w = PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.RAW);
    int n = PacketBatch.PACKETS * 3 + 7;
    for (int i = 0; i < n; i++) {
      w.packet(i, 0, Frames.ipv4(17, "10.0.0.1", "10.0.0.2", Frames.udp(1000 + i, 53, new byte[i % 3 == 0 ? 9000 : 20])));
    }
    List<Integer> ports = new ArrayList<>();
    List<Long> numbers = new ArrayList<>();
    CaptureReadResult r = CaptureReader.read("t.pcap", new ByteArrayInputStream(w.bytes()), v -> {
      byte[] frame = v.copyFrame();
      // the frame copy starts with the IPv4 header and its UDP source port is the one decoded
      assertEquals(0x45, frame[0] & 0xff);
      assertEquals(v.srcPort(), Bytes.u16(frame, 20));
      assertEquals(v.capturedLength() - 28, v.capturedPayloadLength());
      ports.add(v.srcPort());
      numbers.add(v.number());
    });
    assertEquals(n, r.packets());
    assertTrue(r.clean(), r.warnings().toString());
    for (int i = 0; i < n; i++) {
      assertEquals(1000 + i, ports.get(i));
      assertEquals(i + 1, numbers.get(i));
    }
  }

  @Test
  void aVisitorFailureStopsReadingAndReachesTheCaller() {
    PcapWriter w = PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.RAW);
    for (int i = 0; i < PacketBatch.PACKETS * 20; i++) {
      w.packet(i, 0, SYN);
    }
    long[] visited = new long[1];
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> CaptureReader.read("t.pcap", new ByteArrayInputStream(w.bytes()), v -> {
          if (++visited[0] == 1500) throw new IllegalStateException("visitor gave up");
        }));
    assertEquals("visitor gave up", e.getMessage());
    assertEquals(1500, visited[0]);
  }
}
