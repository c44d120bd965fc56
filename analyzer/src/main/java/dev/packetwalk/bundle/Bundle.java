package dev.packetwalk.bundle;

import dev.packetwalk.parse.ParseWarning;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files of one or more bundles, keyed by their normalised bundle path: held in memory, except large packet
 * captures, which stay in their input and are streamed again when read ({@code streamed}). Nothing is ever
 * extracted to disk. {@code problems} lists what was refused or broken while reading. A path is in at most one of
 * {@code files} and {@code streamed}.
 *
 * @param sources the inputs read, each with its sha256
 */
public record Bundle(List<Source> sources, SortedMap<String, byte[]> files, List<ParseWarning> problems,
    SortedMap<String, StreamedEntry> streamed) {

  /** One input file or directory. {@code sha256} is empty for a directory. */
  public record Source(String name, String format, String sha256, long size) {
    /** Whether every input is a packet capture given on its own (which never comes with a manifest). */
    public static boolean allBareCaptures(List<Source> sources) {
      return !sources.isEmpty() && sources.stream().allMatch(s -> s.format.startsWith("pcap"));
    }
  }

  public Bundle {
    sources = List.copyOf(sources);
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    problems = List.copyOf(problems);
    streamed = Collections.unmodifiableSortedMap(new TreeMap<>(streamed));
  }

  /** A bundle held wholly in memory. */
  public Bundle(List<Source> sources, SortedMap<String, byte[]> files, List<ParseWarning> problems) {
    this(sources, files, problems, new TreeMap<>());
  }

  /** A large capture left in its input, if {@code path} is one. */
  public Optional<StreamedEntry> streamed(String path) {
    return Optional.ofNullable(streamed.get(path));
  }

  /** Every path of the bundle, held or streamed, in order. */
  public SortedSet<String> paths() {
    TreeSet<String> all = new TreeSet<>(files.keySet());
    all.addAll(streamed.keySet());
    return Collections.unmodifiableSortedSet(all);
  }

  public Optional<byte[]> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  public Optional<String> text(String path) {
    return file(path).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  public boolean has(String path) {
    return files.containsKey(path) || streamed.containsKey(path);
  }
}
