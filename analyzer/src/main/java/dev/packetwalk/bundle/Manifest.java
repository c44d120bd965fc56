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
    List<Skipped> skipped) {

  public Manifest {
    options = Map.copyOf(options);
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
  }

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
