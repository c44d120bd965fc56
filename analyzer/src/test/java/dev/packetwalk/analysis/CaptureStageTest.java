package dev.packetwalk.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.BundleReader;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.StreamedEntry;
import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.check.Checks;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captures inside bundles and bare captures given as input. */
class CaptureStageTest {
  static final Path SAMPLE = Path.of(System.getProperty("packetwalk.repo", "..")).resolve(
      "samples/capture-dns-down.tar.gz");
  static final String PCAP = "nodes/worker-1/captures/netns-web-5kz8r.pcap";
  @TempDir Path tmp;

  static byte[] samplePcap() {
    Bundle b = new BundleReader(BundleLimits.DEFAULT).read(List.of(SAMPLE));
    return b.file(PCAP).orElseThrow();
  }

  @Test
  void aBarePcapIsAOneCaptureBundle() throws Exception {
    Path p = tmp.resolve("only.pcap");
    Files.write(p, samplePcap());
    AnalysisResult r = new Analyzer(BundleLimits.DEFAULT, Checks.ALL).analyze(List.of(p));
    assertEquals(List.of("only.pcap"), r.captures().stream().map(CaptureResult::path).toList());
    assertEquals("pcap", r.sources().get(0).format());
    assertTrue(r.coverage().stream().anyMatch(c -> c.path().equals("only.pcap") && c.status() == Coverage.Status.PARSED));
    assertEquals(16, r.captures().get(0).summary().packets());
    assertEquals(List.of(), r.problems(), "a capture given on its own lacks no manifest");
    // without a cluster model the ping to 10.96.0.10 is not known to be a ClusterIP: no notes at all
    assertTrue(r.captures().get(0).notes().isEmpty());
    assertTrue(r.findings().stream().anyMatch(f -> f.checkId().equals("capture-handshake-failures")));
  }

  @Test
  void aGzippedBareCaptureWithAnotherNameKeepsItsFormat() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(samplePcap());
    }
    Path p = tmp.resolve("trace.bin");
    Files.write(p, gz.toByteArray());
    AnalysisResult r = new Analyzer(BundleLimits.DEFAULT, List.of()).analyze(List.of(p));
    assertEquals("trace.bin.pcap.gz", r.captures().get(0).path());
    assertTrue(r.captures().get(0).summary().gzipped());
    assertEquals(16, r.captures().get(0).summary().packets());
  }

  @Test
  void timelinesShowTheSynAndItsAnswer() {
    AnalysisResult r = new Analyzer(BundleLimits.DEFAULT, List.of()).analyze(List.of(SAMPLE));
    CaptureResult c = r.captures().get(0);
    dev.packetwalk.capture.Timeline rejected = c.timelines().stream()
        .filter(t -> c.summary().problems().get(t.problem()).kind().name().equals("TCP_CONNECTION_REJECTED"))
        .findFirst().orElseThrow();
    assertEquals(List.of("->", "icmp"), rejected.packets().stream().map(dev.packetwalk.capture.Timeline.Packet::direction).toList());
    assertEquals("SYN", rejected.packets().get(0).summary());
    assertEquals("ICMP port unreachable", rejected.packets().get(1).summary());
    assertEquals(c.point().sidecar(), "nodes/worker-1/captures/netns-web-5kz8r.json");
  }

  @Test
  void theDnsRaceIsSetBesideTheNodesInsertFailedCounterFromTheNodeModel() {
    Path healthy = Path.of(System.getProperty("packetwalk.repo", "..")).resolve("samples/real-kernel/healthy.tar.gz");
    AnalysisResult r = new Analyzer(BundleLimits.DEFAULT, List.of(), false).analyze(List.of(healthy));
    var summary = dev.packetwalk.capture.CaptureAnalyzer.analyze("race.pcap",
        new java.io.ByteArrayInputStream(dev.packetwalk.parse.pcap.DnsConntrackRaceTest.raceCapture(true)));
    List<CaptureResult.Note> notes = CaptureStage.notes(summary, r.cluster(), "worker-1", r.nodes());
    CaptureResult.Note race = notes.stream().filter(n -> n.text().contains("conntrack -S")).findFirst()
        .orElseThrow(() -> new AssertionError(notes.toString()));
    long failed = r.nodes().get("worker-1").orElseThrow().conntrack().insertFailed();
    assertTrue(race.text().contains("insert_failed=" + failed) && race.text().contains(
        "nodes/worker-1/conntrack/conntrack-S.txt"), race.text());
    assertEquals(List.of(), CaptureStage.notes(summary, r.cluster(), "no-such-node", r.nodes()).stream()
        .filter(n -> n.text().contains("conntrack -S")).toList(), "no node evidence, no claim about it");
  }

  @Test
  void aCaptureStreamedFromTheArchiveReadsAsTheSameCaptureHeldInMemory() throws Exception {
    Bundle held = new BundleReader(BundleLimits.DEFAULT).read(List.of(SAMPLE));
    Bundle streamed = new BundleReader(BundleLimits.DEFAULT, 0).read(List.of(SAMPLE)); // every capture streamed
    assertTrue(held.file(PCAP).isPresent());
    assertTrue(streamed.file(PCAP).isEmpty());
    StreamedEntry e = streamed.streamed(PCAP).orElseThrow();
    assertEquals("tar.gz", e.container());
    try (InputStream in = e.open()) {
      assertArrayEquals(held.file(PCAP).get(), in.readAllBytes());
    }
    Analyzer analyzer = new Analyzer(BundleLimits.DEFAULT, Checks.ALL);
    AnalysisResult a = analyzer.analyze(held);
    AnalysisResult b = analyzer.analyze(streamed);
    assertEquals(a.captures(), b.captures());
    assertTrue(b.captures().get(0).timelines().size() > 0);
    // the manifest's hash of the capture is checked against the hash taken while the archive went by
    assertEquals(a.problems(), b.problems());
    assertEquals(a.coverage(), b.coverage());
  }

  @Test
  void aStreamedCaptureWhoseHashDisagreesWithTheManifestIsNotUsed() throws Exception {
    Bundle streamed = new BundleReader(BundleLimits.DEFAULT, 0).read(List.of(SAMPLE));
    StreamedEntry e = streamed.streamed(PCAP).orElseThrow();
    java.util.TreeMap<String, StreamedEntry> altered = new java.util.TreeMap<>(streamed.streamed());
    altered.put(PCAP, new StreamedEntry(e.input(), e.container(), e.entry(), e.ordinal(), e.size(), "00" + e.sha256().substring(2)));
    Bundle b = new Bundle(streamed.sources(), streamed.files(), streamed.problems(), altered);
    AnalysisResult r = new Analyzer(BundleLimits.DEFAULT, List.of()).analyze(b);
    assertTrue(r.captures().isEmpty());
    assertTrue(r.coverage().stream().anyMatch(c -> c.path().equals(PCAP) && c.status() == Coverage.Status.FAILED
        && c.reason().contains("sha256 mismatch")), r.coverage().toString());
  }

  @Test
  void aStreamedEntryThatMovedInTheArchiveIsNotOpenedBlindly() {
    Bundle streamed = new BundleReader(BundleLimits.DEFAULT, 0).read(List.of(SAMPLE));
    StreamedEntry e = streamed.streamed(PCAP).orElseThrow();
    StreamedEntry moved = new StreamedEntry(e.input(), e.container(), e.entry(), e.ordinal() - 1, e.size(), e.sha256());
    org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, moved::open);
  }

  /** The sample capture's packets over and over, until the capture is larger than {@code bytes}. */
  static byte[] repeated(byte[] pcap, long bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(pcap, 0, 24);
    while (out.size() <= bytes) out.write(pcap, 24, pcap.length - 24);
    return out.toByteArray();
  }

  @Test
  void aLargeCaptureAnalysedAsTheArchiveGoesByIsTheSameAsOneOpenedAgain() throws Exception {
    byte[] big = repeated(samplePcap(), BundleReader.STREAM_ABOVE + (1 << 20));
    // under a top folder that holds the manifest, so that the paths the tap saw lose that folder afterwards
    Path p = new dev.packetwalk.testing.TarBuilder().file("b/manifest.json", "{}")
        .file("b/nodes/worker-1/captures/big.pcap", big).file("b/cluster/pods.json", "{\"items\": []}")
        .writeTarGz(tmp.resolve("big.tgz"));
    Analyzer analyzer = new Analyzer(BundleLimits.DEFAULT, Checks.ALL, false);
    AnalysisResult tapped = analyzer.analyze(List.of(p));
    AnalysisResult reopened = analyzer.analyze(new BundleReader(BundleLimits.DEFAULT).read(List.of(p)));
    assertEquals("nodes/worker-1/captures/big.pcap", tapped.captures().get(0).path());
    assertEquals("nodes/worker-1/captures/big.pcap", tapped.captures().get(0).summary().file());
    assertTrue(tapped.captures().get(0).summary().packets() > 100_000);
    assertEquals(reopened.captures(), tapped.captures());
    assertEquals(reopened.coverage(), tapped.coverage());
    assertEquals(reopened.problems(), tapped.problems());
    assertEquals(reopened.sources(), tapped.sources());
  }
}
