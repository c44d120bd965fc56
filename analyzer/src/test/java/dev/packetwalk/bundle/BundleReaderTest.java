package dev.packetwalk.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.testing.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleReaderTest {
  @TempDir Path dir;

  private Bundle read(Path p) {
    return new BundleReader(BundleLimits.DEFAULT).read(List.of(p));
  }

  private static boolean mentions(Bundle b, String words) {
    return b.problems().stream().anyMatch(p -> p.message().contains(words));
  }

  @Test
  void readsTarGzTarZipAndDirectoryAlike() throws IOException {
    TarBuilder t = new TarBuilder().file("cluster/pods.json", "{}").file("collector.log", "x");
    Path tgz = t.writeTarGz(dir.resolve("b.bin")); // sniffed, not named
    Path tar = Files.write(dir.resolve("b.tar"), t.tar());
    Path zip = dir.resolve("b.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("cluster/pods.json"));
      z.write("{}".getBytes());
      z.putNextEntry(new ZipEntry("collector.log"));
      z.write("x".getBytes());
    }
    Path d = Files.createDirectories(dir.resolve("d/cluster"));
    Files.writeString(d.resolve("pods.json"), "{}");
    Files.writeString(d.getParent().resolve("collector.log"), "x");
    for (Path p : List.of(tgz, tar, zip, d.getParent())) {
      Bundle b = read(p);
      assertEquals(List.of("cluster/pods.json", "collector.log"), List.copyOf(b.files().keySet()), p.toString());
      assertTrue(b.problems().isEmpty(), b.problems().toString());
    }
    assertEquals("tar.gz", read(tgz).sources().get(0).format());
    assertEquals(TarBuilder.sha256(Files.readAllBytes(tgz)), read(tgz).sources().get(0).sha256());
  }

  @Test
  void refusesClimbingAbsoluteLinkedAndDeviceEntriesButKeepsTheRest() throws IOException {
    Path p = new TarBuilder()
        .file("../../etc/cron.d/evil", "* * * * * root sh")
        .file("/etc/passwd", "root:x:0:0")
        .file("cluster/../../escape", "x")
        .symlink("cluster/nodes.json", "/etc/shadow")
        .hardlink("cluster/services.json", "/etc/shadow")
        .device("cluster/dev")
        .file("cluster/pods.json", "{\"kind\":\"PodList\",\"items\":[]}")
        .writeTarGz(dir.resolve("hostile.tgz"));
    Bundle b = read(p);
    assertEquals(List.of("cluster/pods.json"), List.copyOf(b.files().keySet()));
    assertTrue(mentions(b, "climbs out of the bundle"), b.problems().toString());
    assertTrue(mentions(b, "absolute path"));
    assertTrue(mentions(b, "symbolic link to '/etc/shadow'"));
    assertTrue(mentions(b, "hard link"));
    assertTrue(mentions(b, "device file"));
    assertEquals(6, b.problems().size(), b.problems().toString());
    assertTrue(b.problems().stream().allMatch(w -> w.kind() == ParseWarning.Kind.INTEGRITY));
  }

  @Test
  void truncatedGzipKeepsWhatCameBeforeTheBreak() throws IOException {
    byte[] full = new TarBuilder().file("cluster/pods.json", "{}".repeat(10))
        .file("cluster/services.json", "x".repeat(200_000)).tarGz();
    Path p = Files.write(dir.resolve("cut.tar.gz"), Arrays.copyOf(full, full.length / 2));
    Bundle b = read(p);
    assertTrue(b.has("cluster/pods.json"));
    assertTrue(b.problems().stream().anyMatch(w -> w.kind() == ParseWarning.Kind.TRUNCATED), b.problems().toString());
  }

  @Test
  void gzipBombStopsAtTheTotalCap() throws IOException {
    byte[] zeros = new byte[64 << 20]; // 64 MiB of zeros compresses to about 64 KiB
    Path p = new TarBuilder().file("cluster/pods.json", "{}").file("cluster/zeros.json", zeros)
        .writeTarGz(dir.resolve("bomb.tgz"));
    assertTrue(Files.size(p) < 1 << 20);
    Bundle b = new BundleReader(new BundleLimits(1 << 20, 8 << 20, 1000)).read(List.of(p));
    assertTrue(b.has("cluster/pods.json"));
    assertFalse(b.has("cluster/zeros.json"));
    assertTrue(mentions(b, "compression bomb"), b.problems().toString());
  }

  @Test
  void oversizedEntryIsSkippedAndTheNextOneStillRead() throws IOException {
    Path p = new TarBuilder().file("cluster/big.json", new byte[3 << 20]).file("cluster/pods.json", "{}")
        .writeTarGz(dir.resolve("big.tgz"));
    Bundle b = new BundleReader(new BundleLimits(1 << 20, 64 << 20, 1000)).read(List.of(p));
    assertTrue(b.has("cluster/pods.json"));
    assertFalse(b.has("cluster/big.json"));
    assertTrue(mentions(b, "larger than"));
  }

  @Test
  void directoryInputRefusesSymlinks() throws IOException {
    Path d = Files.createDirectories(dir.resolve("bundle/cluster"));
    Files.writeString(d.resolve("pods.json"), "{}");
    Files.createSymbolicLink(d.resolve("nodes.json"), Path.of("/etc/passwd"));
    Bundle b = read(d.getParent());
    assertEquals(List.of("cluster/pods.json"), List.copyOf(b.files().keySet()));
    assertTrue(mentions(b, "symbolic link"));
  }

  @Test
  void notABundleIsAClearMessage() throws IOException {
    Path p = Files.writeString(dir.resolve("notes.txt"), "hello");
    Bundle b = read(p);
    assertTrue(b.files().isEmpty());
    assertTrue(mentions(b, "not a bundle"));
    Bundle missing = read(dir.resolve("nope.tgz"));
    assertTrue(mentions(missing, "no such file"));
  }

  @Test
  void aLeadingFolderIsStrippedWhenItHoldsTheManifest() throws IOException {
    Path p = new TarBuilder().file("pw-123/manifest.json", "{}").file("pw-123/cluster/pods.json", "{}")
        .writeTarGz(dir.resolve("b.tgz"));
    assertEquals(List.of("cluster/pods.json", "manifest.json"), List.copyOf(read(p).files().keySet()));
  }

  @Test
  void readingWritesNothingIntoOrBesideTheInput() throws IOException {
    String escape = "pw-escape-" + java.util.UUID.randomUUID();
    Path p = new TarBuilder().file("cluster/pods.json", "{}").file("../" + escape, "y").writeTarGz(dir.resolve("b.tgz"));
    List<Path> before;
    try (Stream<Path> s = Files.walk(dir)) {
      before = s.sorted().toList();
    }
    read(p);
    try (Stream<Path> s = Files.walk(dir)) {
      assertEquals(before, s.sorted().toList());
    }
    assertFalse(Files.exists(dir.getParent().resolve(escape)));
    new ByteArrayOutputStream(); // nothing else to close
  }

  @Test
  void aLargeCaptureIsStreamedNotHeldAndStillCountsTowardsTheTotalCap() throws IOException {
    byte[] pcap = new byte[(int) BundleReader.STREAM_ABOVE + (1 << 20)];
    pcap[0] = (byte) 0xd4; pcap[1] = (byte) 0xc3; pcap[2] = (byte) 0xb2; pcap[3] = (byte) 0xa1; // pcap magic, LE
    pcap[pcap.length - 1] = 7;
    String name = "nodes/n1/captures/any.pcap";
    Path p = new TarBuilder().file(name, pcap).file("cluster/pods.json", "{}").writeTarGz(dir.resolve("cap.tgz"));
    Bundle b = read(p);
    assertTrue(b.file(name).isEmpty());
    assertTrue(b.has(name));
    assertTrue(b.has("cluster/pods.json"));
    assertTrue(b.problems().isEmpty(), b.problems().toString());
    StreamedEntry e = b.streamed(name).orElseThrow();
    assertEquals(pcap.length, e.size());
    assertEquals(TarBuilder.sha256(pcap), e.sha256());
    try (java.io.InputStream in = e.open()) {
      assertTrue(Arrays.equals(pcap, in.readAllBytes()));
    }
    // the same bytes under a name and magic that are not a capture are held (and cut) as before
    byte[] other = pcap.clone();
    other[0] = '{';
    Bundle plain = new BundleReader(new BundleLimits(4 << 20, 64 << 20, 1000)).read(List.of(
        new TarBuilder().file("cluster/big.json", other).writeTarGz(dir.resolve("plain.tgz"))));
    assertTrue(plain.streamed().isEmpty());
    assertTrue(mentions(plain, "larger than"));
    // streaming is no way around the total cap
    Bundle capped = new BundleReader(new BundleLimits(1 << 20, 4 << 20, 1000)).read(List.of(p));
    assertFalse(capped.has(name));
    assertTrue(mentions(capped, "compression bomb"), capped.problems().toString());
    // a bare capture file is streamed from itself
    Path bare = Files.write(dir.resolve("big.pcap"), pcap);
    StreamedEntry f = read(bare).streamed("big.pcap").orElseThrow();
    assertEquals("file", f.container());
    assertEquals(TarBuilder.sha256(pcap), f.sha256());
  }

  /** What a tap saw of each capture: its bytes, and where it was. */
  private static final class Recorder implements CaptureTap {
    final java.util.Map<StreamedEntry.Place, byte[]> seen = new java.util.LinkedHashMap<>();
    final int stopAfter;

    Recorder(int stopAfter) {
      this.stopAfter = stopAfter;
    }

    @Override
    public void read(StreamedEntry.Place place, String path, java.io.InputStream capture) {
      try {
        seen.put(place, capture.readNBytes(stopAfter));
      } catch (IOException e) {
        seen.put(place, ("error: " + e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  private static byte[] bigCapture() {
    byte[] pcap = new byte[(int) BundleReader.STREAM_ABOVE + (3 << 20) + 17];
    pcap[0] = (byte) 0xd4; pcap[1] = (byte) 0xc3; pcap[2] = (byte) 0xb2; pcap[3] = (byte) 0xa1;
    for (int i = 4; i < pcap.length; i++) pcap[i] = (byte) (i * 31 + (i >>> 9));
    return pcap;
  }

  @Test
  void aTapReadsEachStreamedCaptureOnceAsItGoesByAndTheHashStillCoversAllOfIt() throws IOException {
    byte[] pcap = bigCapture();
    String name = "nodes/n1/captures/any.pcap";
    Path p = new TarBuilder().file("cluster/pods.json", "{}").file(name, pcap).writeTarGz(dir.resolve("cap.tgz"));
    Recorder whole = new Recorder(Integer.MAX_VALUE);
    Bundle b = new BundleReader(BundleLimits.DEFAULT).tapping(whole).read(List.of(p));
    StreamedEntry e = b.streamed(name).orElseThrow();
    assertTrue(Arrays.equals(pcap, whole.seen.get(e.place())), "the tap got the entry's bytes from the start");
    assertEquals(1, whole.seen.size());
    assertEquals(read(p).streamed(name).orElseThrow(), e, "size and hash as without a tap");
    assertEquals(read(p).sources(), b.sources());
    // a tap that stops early: what it left is still hashed, and the next entry still read
    Path q = new TarBuilder().file(name, pcap).file("cluster/pods.json", "{}").writeTarGz(dir.resolve("cap2.tgz"));
    Recorder early = new Recorder(100);
    Bundle c = new BundleReader(BundleLimits.DEFAULT).tapping(early).read(List.of(q));
    assertEquals(TarBuilder.sha256(pcap), c.streamed(name).orElseThrow().sha256());
    assertEquals(pcap.length, c.streamed(name).orElseThrow().size());
    assertTrue(c.has("cluster/pods.json"));
    assertEquals(100, early.seen.values().iterator().next().length);
  }

  @Test
  void aTappedCaptureCutShortByTheArchiveIsReportedAndKeepsWhatCameBefore() throws IOException {
    byte[] pcap = bigCapture();
    byte[] all = new TarBuilder().file("nodes/n1/captures/any.pcap", pcap).tarGz();
    Path whole = Files.write(dir.resolve("cap.tgz"), all);
    Path cut = Files.write(dir.resolve("cut.tgz"), Arrays.copyOf(all, all.length / 2));
    Recorder r = new Recorder(Integer.MAX_VALUE);
    Bundle b = new BundleReader(BundleLimits.DEFAULT).tapping(r).read(List.of(cut));
    assertTrue(mentions(b, "cut short"), b.problems().toString());
    assertTrue(mentions(b, "ends early"), b.problems().toString());
    assertEquals(read(cut).problems(), b.problems(), "reported as without a tap");
    assertEquals(read(cut).streamed(), b.streamed(), "the part read is kept, hashed and sized as without a tap");
    assertTrue(new String(r.seen.values().iterator().next(), java.nio.charset.StandardCharsets.UTF_8)
        .startsWith("error:"), "the tap saw the archive's error");
    // and the total cap stops a tapped capture as it stops an untapped one
    Bundle capped = new BundleReader(new BundleLimits(1 << 20, 4 << 20, 1000)).tapping(new Recorder(Integer.MAX_VALUE))
        .read(List.of(whole));
    assertFalse(capped.has("nodes/n1/captures/any.pcap"));
    assertTrue(mentions(capped, "compression bomb"), capped.problems().toString());
  }

  @Test
  void withoutInputHashesABareCaptureIsReadOnceAndNotHashedButArchiveEntriesStillAre() throws IOException {
    byte[] pcap = bigCapture();
    Path bare = Files.write(dir.resolve("big.pcap"), pcap);
    Recorder r = new Recorder(Integer.MAX_VALUE);
    Bundle b = new BundleReader(BundleLimits.DEFAULT).tapping(r).withoutInputHashes().read(List.of(bare));
    assertEquals("", b.sources().get(0).sha256());
    assertEquals("", b.streamed("big.pcap").orElseThrow().sha256());
    assertTrue(Arrays.equals(pcap, r.seen.values().iterator().next()));
    assertEquals(TarBuilder.sha256(pcap), read(bare).sources().get(0).sha256(), "hashed by default");
    Path p = new TarBuilder().file("nodes/n1/captures/any.pcap", pcap).writeTarGz(dir.resolve("cap.tgz"));
    Bundle a = new BundleReader(BundleLimits.DEFAULT).withoutInputHashes().read(List.of(p));
    assertEquals("", a.sources().get(0).sha256());
    assertEquals(TarBuilder.sha256(pcap), a.streamed("nodes/n1/captures/any.pcap").orElseThrow().sha256(),
        "an archive's entries are hashed for the manifest check");
  }
}
