package dev.packetwalk.check.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.capture.CaptureSummary;
import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.CheckRunner;
import dev.packetwalk.check.Checks;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.parse.pcap.CaptureFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Positive: the real capture of samples/capture-dns-down.tar.gz (tcpdump at a pod's veth, see
 * samples/capture/make-capture-dns-down.sh). Negative: a capture without failures, and no capture at all.
 */
class CaptureHandshakeFailuresTest {
  static final Path SAMPLE = Path.of(System.getProperty("packetwalk.repo", "..")).resolve(
      "samples/capture-dns-down.tar.gz");

  @Test
  void reportsRefusedRejectedUnansweredAndDnsButNotThePingToAClusterIp() {
    AnalysisResult r = new Analyzer(BundleLimits.DEFAULT, Checks.ALL).analyze(List.of(SAMPLE));
    List<Finding> fs = r.findings().stream().filter(f -> f.checkId().equals("capture-handshake-failures")).toList();
    assertEquals(4, fs.size(), fs.toString());
    Finding rejected = fs.stream().filter(f -> f.title().contains("rejected")).findFirst().orElseThrow();
    assertEquals("kube-system/kube-dns", rejected.subject().namespace() + "/" + rejected.subject().name());
    assertTrue(rejected.explanation().contains("has no endpoints"), rejected.explanation());
    assertEquals("packets 4, 5", rejected.evidence().get(0).excerpt());
    Finding dns = fs.stream().filter(f -> f.title().contains("DNS")).findFirst().orElseThrow();
    assertEquals(Severity.WARNING, dns.severity());
    assertTrue(dns.remediation().contains("dns-service-unavailable"), dns.remediation());
    assertTrue(fs.stream().anyMatch(f -> f.title().contains("SYN never answered to 10.244.2.2:8080")));
    assertTrue(fs.stream().anyMatch(f -> f.title().contains("connection refused (RST) to 10.244.1.1:81")));
    assertTrue(fs.stream().noneMatch(f -> f.title().contains("ICMP echo") || f.title().contains("ping")));
    // the ping is kept in the capture result, marked EXPECTED
    CaptureResult c = r.captures().get(0);
    assertEquals("veth5kz8r", c.point().iface());
    assertTrue(c.notes().stream().anyMatch(n -> n.verdict() == CaptureResult.Verdict.EXPECTED
        && n.text().contains("kube-system/kube-dns")), c.notes().toString());
  }

  @Test
  void aCaptureWithoutFailuresGivesNothing() {
    CaptureSummary quiet = new CaptureSummary("x.pcap", CaptureFormat.values()[0], false, List.of("ether"), 0, 0, 0,
        0, List.of(), List.of(), 0, 0, Map.of(), new dev.packetwalk.capture.DnsSummary(0, 0, 0, 0, 0, 0, 0, 0,
        Map.of(), 0, 0, 0), 0, List.of(), List.of(), List.of());
    CheckResult r = CheckRunner.run(new CaptureHandshakeFailures(), new dev.packetwalk.check.CheckInputs(
        Cluster.builder().build(), null, List.of(new CaptureResult("x.pcap", null, quiet, List.of()))),
        (ref, note) -> null);
    assertEquals(CheckResult.Status.PASSED, r.status());
  }

  @Test
  void noCaptureIsInsufficientInfo() {
    CheckResult r = CheckRunner.run(new CaptureHandshakeFailures(), Cluster.builder().build(), (ref, note) -> null);
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, r.status());
  }
}
