package dev.packetwalk.bundle;

import dev.packetwalk.parse.ParseWarning;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of one or more bundles, held in memory, keyed by their normalised bundle path. Nothing is ever
 * extracted to disk. {@code problems} lists what was refused or broken while reading.
 *
 * @param sources the inputs read, each with its sha256
 */
public record Bundle(List<Source> sources, SortedMap<String, byte[]> files, List<ParseWarning> problems) {

  /** One input file or directory. {@code sha256} is empty for a directory. */
  public record Source(String name, String format, String sha256, long size) {}

  public Bundle {
    sources = List.copyOf(sources);
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    problems = List.copyOf(problems);
  }

  public Optional<byte[]> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  public Optional<String> text(String path) {
    return file(path).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  public boolean has(String path) {
    return files.containsKey(path);
  }
}
