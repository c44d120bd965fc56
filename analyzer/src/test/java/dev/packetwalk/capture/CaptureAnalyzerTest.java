package dev.packetwalk.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Verdicts on real captures: one made here with tcpdump in network namespaces, the rest from the corpus. */
class CaptureAnalyzerTest {

  static CaptureSummary analyze(String resource) throws IOException {
    try (InputStream in = Objects.requireNonNull(CaptureAnalyzerTest.class.getResourceAsStream(resource), resource)) {
      return CaptureAnalyzer.analyze(resource, in);
    }
  }

  /** netns-handshakes.pcap: see make-netns-handshakes.sh next to it. */
  @Test
  void refusedUnansweredAndRejectedHandshakesFromARealTcpdump() throws IOException {
    CaptureSummary s = analyze("netns-handshakes.pcap");
    assertEquals(9, s.packets());
    assertEquals(3, s.tcpConversations());
    Problem refused = s.problems(ProblemKind.TCP_CONNECTION_REFUSED).get(0);
    assertEquals(List.of(1L, 2L), refused.packets());
    assertEquals(8080, refused.flow().dstPort());
    Problem dropped = s.problems(ProblemKind.TCP_SYN_UNANSWERED).get(0);
    assertEquals(List.of(3L, 4L, 5L), dropped.packets());
    assertEquals(9090, dropped.flow().dstPort());
    Problem rejected = s.problems(ProblemKind.TCP_CONNECTION_REJECTED).get(0);
    assertEquals(List.of(6L, 7L), rejected.packets());
    assertTrue(rejected.detail().contains("port unreachable"), rejected.detail());
    assertEquals(List.of(HandshakeOutcome.REFUSED, HandshakeOutcome.SYN_UNANSWERED, HandshakeOutcome.REJECTED),
        s.flows().stream().filter(f -> f.key().protocol() == 6).map(FlowSummary::handshake).toList());
    assertEquals(0, s.tcpEvents(ProblemKind.TCP_RESET), "the RST of a refused SYN is not a mid-stream reset");
  }

  /** netns-reset.pcap: see make-netns-reset.sh next to it (44 packets, the server's RST last). */
  @Test
  void aResetFlowsTimelineShowsItsStartAndWhatLedUpToTheReset() throws IOException {
    CaptureSummary s = analyze("netns-reset.pcap");
    assertEquals(44, s.packets());
    Problem reset = s.problems(ProblemKind.TCP_RESET).get(0);
    Timeline t = s.timelines().stream().filter(x -> s.problems().get(x.problem()) == reset).findFirst().orElseThrow();
    assertEquals(Timeline.MAX_PACKETS, t.packets().size());
    assertEquals(44 - Timeline.MAX_PACKETS, t.omitted());
    assertEquals(Timeline.HEAD, t.omittedAfter());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 39L, 40L, 41L, 42L, 43L, 44L),
        t.packets().stream().map(Timeline.Packet::number).toList());
    assertEquals(List.of("SYN", "SYN, ACK", "ACK"), t.packets().subList(0, 3).stream()
        .map(Timeline.Packet::summary).toList());
    Timeline.Packet last = t.packets().get(11);
    assertEquals("<-", last.direction());
    assertEquals("RST, ACK", last.summary());
    assertEquals("10.200.0.2:8080", last.src());
    assertEquals(List.of(reset.packets().get(0)), List.of(last.number()));
  }

  @Test
  void anIcmpErrorIsPartOfTheTimelineOfTheFlowItQuotes() throws IOException {
    CaptureSummary s = analyze("netns-handshakes.pcap");
    Problem rejected = s.problems(ProblemKind.TCP_CONNECTION_REJECTED).get(0);
    Timeline t = s.timelines().stream().filter(x -> s.problems().get(x.problem()) == rejected).findFirst()
        .orElseThrow();
    // the SYN, its ICMP port unreachable, the SYN sent again and its answer
    assertEquals(List.of("->", "icmp", "->", "icmp"), t.packets().stream().map(Timeline.Packet::direction).toList());
    assertEquals(List.of(6L, 7L, 8L, 9L), t.packets().stream().map(Timeline.Packet::number).toList());
    assertEquals("ICMP port unreachable", t.packets().get(1).summary());
    assertEquals("10.200.0.2", t.packets().get(1).src());
    assertEquals(0, t.omitted());
    assertEquals(4, t.omittedAfter());
  }

  @Test
  void retransmissionsCarryTheirPacketNumbers() throws IOException {
    CaptureSummary s = analyze("/dev/packetwalk/parse/pcap/realworld/tcpdump-ssh-retrans.pcap");
    Problem p = s.problems(ProblemKind.TCP_RETRANSMISSION).get(0);
    assertEquals(1, p.count());
    assertEquals(1, p.packets().size());
    assertEquals(HandshakeOutcome.ESTABLISHED, s.flows().get(0).handshake());
  }

  @Test
  void fragmentationNeededReportsTheNextHopMtu() throws IOException {
    CaptureSummary s = analyze("/dev/packetwalk/parse/pcap/realworld/suricata-verify-bug-3616-icmp-frag-needed.pcap");
    List<Problem> p = s.problems(ProblemKind.ICMP_FRAGMENTATION_NEEDED);
    assertEquals(1, p.size());
    assertEquals(4, p.get(0).count());
    assertTrue(p.get(0).detail().contains("next-hop MTU"), p.get(0).detail());
  }

  @Test
  void dnsQueryWithoutResponse() throws IOException {
    CaptureSummary s = analyze("/dev/packetwalk/parse/pcap/realworld/suricata-verify-dns-query-no-response.pcap");
    assertEquals(1, s.dns().unanswered());
    assertEquals(List.of(1L), s.problems(ProblemKind.DNS_NO_RESPONSE).get(0).packets());
  }

  @Test
  void nxdomainWithoutAnySuccessIsAnError() throws IOException {
    CaptureSummary s = analyze("/dev/packetwalk/parse/pcap/realworld/arkime-dns-error-nxdomain.pcap");
    assertEquals(1, s.problems(ProblemKind.DNS_NXDOMAIN).size());
    assertEquals(List.of(2L), s.problems(ProblemKind.DNS_NXDOMAIN).get(0).packets());
  }

  @Test
  void outputIsDeterministic() throws IOException {
    String f = "/dev/packetwalk/parse/pcap/realworld/pcapplusplus-many_interfaces-1.pcapng";
    assertEquals(analyze(f), analyze(f));
  }
}
