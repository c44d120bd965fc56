package dev.packetwalk.parse.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.capture.CaptureAnalyzer;
import dev.packetwalk.capture.CaptureSummary;
import dev.packetwalk.capture.Problem;
import dev.packetwalk.capture.ProblemKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's DNS 5-second delay: glibc sends A and AAAA from one socket at once, conntrack drops one of the two
 * (insert_failed), and the resolver retries it after its 5 s timeout. The capture shows exactly that shape.
 */
public class DnsConntrackRaceTest {
  static final int A = 1;
  static final int AAAA = 28;

  static byte[] dns(int id, boolean response, String qname, int qtype) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(id >> 8);
    o.write(id);
    o.write(response ? 0x81 : 0x01);
    o.write(response ? 0x80 : 0x00);
    o.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
    for (String label : qname.split("\\.")) {
      o.write(label.length());
      o.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    o.write(0);
    o.writeBytes(new byte[] {0, (byte) qtype, 0, 1});
    return o.toByteArray();
  }

  static byte[] packet(String src, int sport, String dst, int dport, byte[] dns) {
    return Frames.ethernet(Frames.ipv4(17, src, dst, Frames.udp(sport, dport, dns)));
  }

  public static byte[] raceCapture(boolean retried) {
    String pod = "10.244.1.20";
    String dnsIp = "10.96.0.10";
    String name = "api.shop.svc.cluster.local";
    PcapWriter w = PcapWriter.classic(ByteOrder.LITTLE_ENDIAN, false, 1)
        .packet(100, 0, packet(pod, 41000, dnsIp, 53, dns(0x1111, false, name, A)))
        .packet(100, 50, packet(pod, 41000, dnsIp, 53, dns(0x2222, false, name, AAAA)))
        .packet(100, 2000, packet(dnsIp, 53, pod, 41000, dns(0x1111, true, name, A)));
    if (retried) {
      w.packet(105, 60, packet(pod, 41000, dnsIp, 53, dns(0x2222, false, name, AAAA)))
          .packet(105, 2100, packet(dnsIp, 53, pod, 41000, dns(0x2222, true, name, AAAA)));
    } else {
      w.packet(100, 2100, packet(dnsIp, 53, pod, 41000, dns(0x2222, true, name, AAAA)));
    }
    return w.bytes();
  }

  static CaptureSummary analyze(byte[] pcap) {
    return CaptureAnalyzer.analyze("race.pcap", new ByteArrayInputStream(pcap));
  }

  @Test
  void parallelQueriesWithOneRetriedAfterFiveSecondsIsTheRace() {
    List<Problem> race = analyze(raceCapture(true)).problems(ProblemKind.DNS_CONNTRACK_RACE);
    assertEquals(1, race.size());
    Problem p = race.get(0);
    assertTrue(p.detail().contains("AAAA") && p.detail().contains("5.0 s"), p.detail());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), p.packets());
  }

  @Test
  void bothAnsweredAtOnceIsNoRace() {
    assertEquals(List.of(), analyze(raceCapture(false)).problems(ProblemKind.DNS_CONNTRACK_RACE));
  }
}
