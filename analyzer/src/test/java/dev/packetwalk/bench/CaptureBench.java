package dev.packetwalk.bench;

import dev.packetwalk.capture.CaptureAnalyzer;
import dev.packetwalk.capture.CaptureSummary;
import dev.packetwalk.capture.ProblemKind;
import dev.packetwalk.parse.pcap.CaptureReadResult;
import dev.packetwalk.parse.pcap.CaptureReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Benchmark driver (not a test): runs packetwalk's capture pass on one file and prints one line with packets,
 * seconds, packets/s and peak RSS. Run by {@code analyzer/bench/capture-bench.sh}.
 *
 * <pre>
 * java -cp CP dev.packetwalk.bench.CaptureBench analyze FILE   # CaptureAnalyzer (the real pass)
 * java -cp CP dev.packetwalk.bench.CaptureBench read FILE      # CaptureReader only (decode, no analysis)
 * </pre>
 *
 * FILE may be a .pcap/.pcapng (optionally .gz) or a .tar.gz/.tgz bundle: then the first capture entry is streamed
 * out of the archive (gunzip once, nothing extracted) into the same pass.
 */
public final class CaptureBench {
  private CaptureBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: CaptureBench analyze|read FILE [--summary]");
      System.exit(2);
    }
    String mode = args[0];
    Path file = Path.of(args[1]);
    boolean printSummary = args.length > 2 && args[2].equals("--summary");
    long t0 = System.nanoTime();
    long packets;
    String extra = "";
    double summarizeSeconds = 0;
    try (InputStream raw = Files.newInputStream(file)) {
      String name = file.getFileName().toString();
      InputStream in = raw;
      TarArchiveInputStream tar = null;
      if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
        tar = new TarArchiveInputStream(gunzip(raw), 1 << 16);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          if (e.isFile() && (e.getName().contains(".pcap"))) {
            name = e.getName();
            break;
          }
        }
        if (e == null) {
          throw new IOException("no capture entry in " + file);
        }
        in = tar;
      }
      if (mode.equals("read")) {
        long[] n = new long[1];
        CaptureReadResult r = CaptureReader.read(name, in, v -> n[0]++);
        packets = r.packets();
      } else {
        CaptureAnalyzer a = new CaptureAnalyzer();
        CaptureReadResult r = CaptureReader.read(name, in, a);
        long t1 = System.nanoTime();
        CaptureSummary s = a.summarize(r);
        packets = s.packets();
        summarizeSeconds = (System.nanoTime() - t1) / 1e9;
        extra = String.format(Locale.ROOT, " flows=%d tcp_conversations=%d retrans=%d dns_queries=%d"
                + " dns_unanswered=%d problems=%d", s.flows().size(), s.tcpConversations(),
            s.tcpEvents(ProblemKind.TCP_RETRANSMISSION), s.dns().queries(), s.dns().unanswered(),
            s.problems().size());
        if (printSummary) {
          System.err.println(s.dns());
          System.err.println(s.tcpEvents());
        }
      }
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "mode=%s packets=%d seconds=%.3f packets_per_s=%.0f vmhwm_kib=%d summarize_s=%.3f%s%n",
        mode, packets, sec, packets / sec, vmHwmKib(), summarizeSeconds, extra);
  }

  /** {@code -Dbench.gunzip=commons} to compare commons-compress with java.util.zip (system zlib). */
  private static InputStream gunzip(InputStream raw) throws IOException {
    if ("commons".equals(System.getProperty("bench.gunzip"))) {
      return org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream.builder().setInputStream(raw)
          .setDecompressConcatenated(true).get();
    }
    return new java.util.zip.GZIPInputStream(raw, 1 << 16);
  }

  /** Peak resident set size of this process, from /proc/self/status (0 where there is no procfs). */
  static long vmHwmKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
