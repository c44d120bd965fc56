package dev.packetwalk.parse.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.capture.CaptureAnalyzer;
import dev.packetwalk.capture.CaptureSummary;
import dev.packetwalk.capture.ProblemKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real-world capture in {@code realworld/} against the counts tshark 4.0.17 produced for it (the checked-in
 * {@code tshark-expectations.tsv}; {@link TsharkLiveCrossCheckTest} re-runs tshark when it is installed).
 */
class RealWorldCapturesTest {

  static final String DIR = "realworld/";

  /**
   * Deliberate differences from tshark, per file and column, with the reason. Anything not listed must be equal.
   */
  static final Map<String, String> DEVIATIONS = Map.of(
      "pcapng-suite/gopacket-le-test202.pcapng packets",
      "tshark lists its 3 pcapng custom blocks as frames (11); capinfos and packetwalk count 8 packets, and"
          + " packetwalk's packet numbers skip the custom blocks' numbers so that they stay Wireshark's frame numbers");

  record Expectation(String file, long packets, long tcpConversations, long retransmissions,
      long fastRetransmissions, long duplicateAcks, long zeroWindows, long dnsQueries, long dnsResponses) {}

  static List<Expectation> expectations() throws IOException {
    List<Expectation> out = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(
        RealWorldCapturesTest.class.getResourceAsStream(DIR + "tshark-expectations.tsv"))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] c = line.split("\t");
        out.add(new Expectation(c[0], Long.parseLong(c[1]), Long.parseLong(c[2]), Long.parseLong(c[3]),
            Long.parseLong(c[4]), Long.parseLong(c[5]), Long.parseLong(c[6]), Long.parseLong(c[7]),
            Long.parseLong(c[8])));
      }
    }
    return out;
  }

  static Stream<Expectation> rows() throws IOException {
    List<Expectation> all = expectations();
    assertTrue(all.size() >= 50, "expectation table lists every real-world capture");
    return all.stream();
  }

  static CaptureSummary analyze(String file) throws IOException {
    try (InputStream in = Objects.requireNonNull(RealWorldCapturesTest.class.getResourceAsStream(DIR + file), file)) {
      return CaptureAnalyzer.analyze(file, in);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void countsEqualTshark(Expectation e) throws IOException {
    CaptureSummary s = analyze(e.file());
    check(e, "packets", e.packets(), s.packets());
    check(e, "tcp_conversations", e.tcpConversations(), s.tcpConversations());
    check(e, "tcp_retransmission", e.retransmissions(), s.tcpEvents(ProblemKind.TCP_RETRANSMISSION));
    check(e, "tcp_fast_retransmission", e.fastRetransmissions(), s.tcpEvents(ProblemKind.TCP_FAST_RETRANSMISSION));
    check(e, "tcp_duplicate_ack", e.duplicateAcks(), s.tcpEvents(ProblemKind.TCP_DUPLICATE_ACK));
    check(e, "tcp_zero_window", e.zeroWindows(), s.tcpEvents(ProblemKind.TCP_ZERO_WINDOW));
    check(e, "dns_queries", e.dnsQueries(), s.dns().queryPackets());
    check(e, "dns_responses", e.dnsResponses(), s.dns().responsePackets());
  }

  private static void check(Expectation e, String column, long expected, long actual) {
    String why = DEVIATIONS.get(e.file() + " " + column);
    if (why == null) {
      assertEquals(expected, actual, e.file() + " " + column);
    } else {
      assertTrue(expected != actual, "listed deviation no longer deviates, remove it: " + e.file() + " " + column);
    }
  }
}
