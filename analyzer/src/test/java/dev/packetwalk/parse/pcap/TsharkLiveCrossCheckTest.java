package dev.packetwalk.parse.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.packetwalk.capture.CaptureSummary;
import dev.packetwalk.capture.ProblemKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When tshark is installed, re-runs {@code tshark-expectations.sh} live on the captures with TCP and DNS content and
 * compares with packetwalk directly; skipped (visibly) otherwise. The full table is checked without tshark by
 * {@link RealWorldCapturesTest}.
 */
class TsharkLiveCrossCheckTest {
  private static final Path DIR = Path.of(System.getProperty("packetwalk.repo", ".."),
      "analyzer/src/test/resources/dev/packetwalk/parse/pcap/realworld");

  @BeforeAll
  static void needsTshark() throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "command -v tshark").redirectErrorStream(true).start();
    assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "tshark is not installed: live cross-check skipped"
        + " (apt-get install tshark)");
    assumeTrue(Files.isRegularFile(DIR.resolve("tshark-expectations.sh")), "source tree not found at " + DIR);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"arkime-wireshark-retrans.pcap", "arkime-tcp_handshake_synthetic.pcap", "arkime-v6.pcap",
      "tcpdump-ssh-retrans.pcap", "pcapplusplus-dns_over_tcp.pcapng", "arkime-dns-wiresharkrepo.pcap",
      "suricata-verify-dns-tcp-multirequest-nxdomain.pcap", "pcapplusplus-pcapng-example.pcapng"})
  void packetwalkCountsEqualLiveTshark(String file) throws Exception {
    Process p = new ProcessBuilder("bash", "tshark-expectations.sh", file).directory(DIR.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), "tshark-expectations.sh failed");
    String[] c = out.split("\t");
    CaptureSummary s = RealWorldCapturesTest.analyze(file);
    assertEquals(Long.parseLong(c[1]), s.packets(), "packets");
    assertEquals(Long.parseLong(c[2]), s.tcpConversations(), "tcp conversations");
    assertEquals(Long.parseLong(c[3]), s.tcpEvents(ProblemKind.TCP_RETRANSMISSION), "retransmissions");
    assertEquals(Long.parseLong(c[4]), s.tcpEvents(ProblemKind.TCP_FAST_RETRANSMISSION), "fast retransmissions");
    assertEquals(Long.parseLong(c[5]), s.tcpEvents(ProblemKind.TCP_DUPLICATE_ACK), "duplicate ACKs");
    assertEquals(Long.parseLong(c[6]), s.tcpEvents(ProblemKind.TCP_ZERO_WINDOW), "zero windows");
    assertEquals(Long.parseLong(c[7]), s.dns().queryPackets(), "DNS query frames");
    assertEquals(Long.parseLong(c[8]), s.dns().responsePackets(), "DNS response frames");
  }
}
