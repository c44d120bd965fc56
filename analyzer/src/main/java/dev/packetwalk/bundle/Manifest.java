package dev.packetwalk.bundle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collector's account of a bundle (BUNDLE-FORMAT.md): who collected it, when, with which options, every file
 * with its hash and the command that produced it, and what was skipped and why.
 */
public record Manifest(int formatVersion, String collectorName, String collectorVersion, String context,
    String server, String startTime, String endTime, Map<String, String> options, List<FileEntry> files,
    List<Skipped> skipped, Optional<CapturePath> capturePath) {

  public Manifest {
    options = Map.copyOf(options);
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
    capturePath = capturePath == null ? Optional.empty() : capturePath;
  }

  /**
   * {@code packetwalk-collect --capture-path FROM TO}: what FROM and TO resolved to, and each capture point with its
   * outcome (BUNDLE-FORMAT.md, "Packet captures"). Absent values are "".
   *
   * @param note what the collector chose among several candidates (a Service's endpoints), or ""
   * @param error why the captured path could not be set up, or ""
   */
  public record CapturePath(String from, String to, Endpoint client, Endpoint server, boolean sameNode, String note,
      String error, String filter, List<CapturePoint> points) {
    public CapturePath {
      points = List.copyOf(points);
    }
  }

  /** One end of a captured path; {@link #NONE} when the collector could not resolve it. */
  public record Endpoint(String pod, String ip, String node, String nodeIp, boolean hostNetwork) {
    public static final Endpoint NONE = new Endpoint("", "", "", "", false);
  }

  /**
   * One capture point of a captured path.
   *
   * @param role {@code client-veth}, {@code client-underlay}, {@code server-underlay} or {@code server-veth}
   * @param outcome {@code ok}, or why there is no capture (TOOL_MISSING, NOT_SERVED, TIMEOUT, ERROR, COLLAPSED...)
   * @param listeningClock the node's clock when tcpdump said it was listening ({@code date +%s.%N}), or ""
   */
  public record CapturePoint(String role, String node, String requested, String iface, String outcome,
      String detail, String startClock, String listeningClock, String endClock, String pcap, String sidecar) {}

  /** A collected file. {@code exitCode} is null for copied files. */
  public record FileEntry(String path, String sha256, long size, String command, String source, Integer exitCode,
      long durationMs, String stderr, boolean truncated) {}

  /** Something not collected, with a reason from a closed set (FORBIDDEN, NOT_SERVED, TIMEOUT, ...). */
  public record Skipped(String path, String command, String reason, String detail) {}

  /** Every collected file by its path (the first entry of a path wins), for lookups over thousands of files. */
  public Map<String, FileEntry> byPath() {
    Map<String, FileEntry> m = new HashMap<>();
    for (FileEntry f : files) m.putIfAbsent(f.path(), f);
    return m;
  }

  public Optional<FileEntry> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  public Optional<Skipped> skipped(String path) {
    return skipped.stream().filter(s -> path.equals(s.path())).findFirst();
  }
}
