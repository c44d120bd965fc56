package dev.packetwalk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.capture.path.Agreement;
import dev.packetwalk.capture.path.CapturePath;
import dev.packetwalk.capture.path.CaptureVerdict;
import dev.packetwalk.check.Checks;
import dev.packetwalk.trace.Hop;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Captured paths end to end on two real-kernel bundles (samples/real-kernel, written by RealKernelHarnessTest with
 * packetwalk-node's real tcpdump at the four points): the analysis attaches the capture verdict to the trace, and the
 * HTML marks the hop, the JSON has {@code capturePaths[]}, the Markdown one line per failing captured flow.
 */
class CapturePathReportTest {
  static AnalysisResult analyze(String world) {
    Path repo = Path.of(System.getProperty("packetwalk.repo", ".."));
    return new Analyzer(BundleLimits.DEFAULT, Checks.ALL).analyze(List.of(repo.resolve("samples/real-kernel")
        .resolve(world + ".tar.gz")));
  }

  @Test
  void serverNodeDropIsAttachedToWorker2sRequestHopAndAgrees() throws Exception {
    AnalysisResult r = analyze("server-policy-drop");
    assertEquals(1, r.capturePaths().size(), r.capturePaths().toString());
    CapturePath cp = r.capturePaths().get(0);
    assertEquals("tcp 10.244.1.20 → 10.96.100.20:80", cp.flow());
    assertEquals(CaptureVerdict.NOT_SEEN_AT_DST, cp.verdict());
    assertEquals(Agreement.AGREES, cp.attachment().agreement(), cp.attachment().text());
    Hop hop = cp.trace().branches().get(cp.attachment().branch()).hops().get(cp.attachment().hop());
    assertEquals("worker-2", hop.node());
    assertEquals(Hop.Direction.REQUEST, hop.direction());
    assertTrue(cp.attachment().text().contains("DENIED_IN on node worker-2 (request)"), cp.attachment().text());

    String html = HtmlReport.render(r);
    assertTrue(html.contains("<h3>Captured path</h3>"), "captured section");
    // the mark sits in the head of worker-2's lane (the lane's tooltip names both)
    assertTrue(html.contains("<title>node worker-2 — capture: NOT_SEEN_AT_DST · agrees with the tracer</title>"),
        html.substring(html.indexOf("Captured path")));
    assertTrue(html.contains("class=\"capture-mark capture-agrees\""), "mark drawn");
    assertTrue(html.contains("nodes/worker-2/captures/server-underlay.pcap #1 (SYN, 10.244.1.20:"), "packet cited");

    JsonNode j = new ObjectMapper().readTree(JsonReport.render(r)).path("capturePaths").get(0);
    assertEquals("NOT_SEEN_AT_DST", j.path("verdict").asText());
    assertEquals("server-underlay", j.path("vanishedAt").path("from").asText());
    assertEquals("server-veth", j.path("vanishedAt").path("to").asText());
    assertEquals("worker-2", j.path("vanishedAt").path("node").asText());
    assertEquals("AGREES", j.path("agreement").asText());
    assertEquals(cp.attachment().hop(), j.path("traceHop").asInt());
    assertEquals(List.of("client-veth", "client-underlay", "server-underlay", "server-veth"),
        new ObjectMapper().convertValue(j.path("points"), List.class));
    assertTrue(j.path("trace").path("branches").isArray(), "the trace rides along");

    String md = MarkdownReport.render(r);
    assertTrue(md.contains("**Captured path:** 1 flow(s), 1 failing or disagreeing with the tracer."), md);
    assertTrue(md.contains("NOT\\_SEEN\\_AT\\_DST in node worker-2 · agrees with the tracer")
        || md.contains("NOT_SEEN_AT_DST in node worker-2 · agrees with the tracer"), md);
  }

  @Test
  void lostLargeAnswerOnTheVxlanPathMeetsTheTracersMtuBreak() {
    AnalysisResult r = analyze("vxlan-pod-mtu");
    CapturePath cp = r.capturePaths().get(0);
    assertEquals("tcp 10.244.1.20 → 10.244.2.10:8080", cp.flow());
    assertEquals(CaptureVerdict.ANSWER_NOT_SEEN_AT_SRC, cp.verdict());
    assertEquals(Agreement.AGREES, cp.attachment().agreement(), cp.attachment().text());
    Hop hop = cp.trace().branches().get(cp.attachment().branch()).hops().get(cp.attachment().hop());
    assertEquals("worker-2/REPLY", hop.node() + "/" + hop.direction());
    // traced with the largest answer the server sent, capped at its veth's MTU (1500): it does not fit flannel.1
    assertEquals(1500, cp.trace().flow().replyLength());
    assertTrue(cp.attachment().text().contains("MTU_EXCEEDED"), cp.attachment().text());
  }

  @Test
  void capturesStreamedFromTheArchiveAreMatchedLikeCapturesHeldInMemory() {
    Path bundle = Path.of(System.getProperty("packetwalk.repo", "..")).resolve(
        "samples/real-kernel/server-policy-drop.tar.gz");
    Analyzer a = new Analyzer(BundleLimits.DEFAULT, List.of(), false);
    AnalysisResult held = a.analyze(new dev.packetwalk.bundle.BundleReader(BundleLimits.DEFAULT).read(List.of(bundle)));
    // streamAbove 0: every capture is left in the archive and re-opened, as captures over 8 MiB are
    AnalysisResult streamed = a.analyze(new dev.packetwalk.bundle.BundleReader(BundleLimits.DEFAULT, 0)
        .read(List.of(bundle)));
    assertFalse(held.capturePaths().isEmpty());
    assertEquals(held.capturePaths(), streamed.capturePaths());
  }
}
