package dev.packetwalk.bundle;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads bundles (.tar.gz, .tgz, .tar, .zip or a directory; the format is sniffed, not taken from the name) into
 * memory. A bare packet capture (pcap, pcapng, gzip'd pcap) is read as a one-capture bundle holding only it. Entries
 * that are links, devices, absolute or climbing paths are refused with a diagnostic; size caps stop bombs; a
 * truncated archive yields what was read before the break.
 *
 * <p>A packet capture larger than {@link #STREAM_ABOVE} is not held: it is hashed as the archive goes by and
 * recorded as a {@link StreamedEntry}, which its reader streams again from the input. It is bounded by
 * {@link BundleLimits#maxTotalBytes()} (it counts towards the bundle's total like every entry, which is what stops
 * a compression bomb), not by {@link BundleLimits#maxEntryBytes()}, which bounds memory.
 */
public final class BundleReader {
  /** Captures above this size (or above {@link BundleLimits#maxEntryBytes()}, if lower) are streamed, not held. */
  public static final long STREAM_ABOVE = 8L << 20;
  private final BundleLimits limits;
  private final long streamAbove;
  private final CaptureTap tap;
  private final boolean hashInputs;

  public BundleReader(BundleLimits limits) {
    this(limits, STREAM_ABOVE);
  }

  /** @param streamAbove captures larger than this are streamed (0: every capture); capped by the entry limit */
  public BundleReader(BundleLimits limits, long streamAbove) {
    this(limits, streamAbove, null, true);
  }

  private BundleReader(BundleLimits limits, long streamAbove, CaptureTap tap, boolean hashInputs) {
    this.limits = limits;
    this.streamAbove = Math.min(streamAbove, limits.maxEntryBytes());
    this.tap = tap;
    this.hashInputs = hashInputs;
  }

  /** This reader, with {@code tap} reading each streamed capture as it goes by (else they are only hashed). */
  public BundleReader tapping(CaptureTap tap) {
    return new BundleReader(limits, streamAbove, tap, hashInputs);
  }

  /**
   * This reader, leaving {@link Bundle.Source#sha256()} empty: for a run that shows the inputs' hashes nowhere.
   * Entries are still hashed where a manifest can check them; a bare capture, which has no manifest, is not.
   */
  public BundleReader withoutInputHashes() {
    return new BundleReader(limits, streamAbove, tap, false);
  }

  /** Reads every input into one bundle; a path present in two inputs keeps the first and is reported. */
  public Bundle read(List<Path> inputs) {
    State st = new State();
    for (Path in : inputs) {
      readOne(in, st);
    }
    stripCommonPrefix(st);
    return new Bundle(st.sources, st.files, st.problems, st.streamed);
  }

  private void readOne(Path in, State st) {
    String name = in.toString();
    if (Files.isDirectory(in, LinkOption.NOFOLLOW_LINKS)) {
      readDirectory(in, st);
      st.sources.add(new Bundle.Source(name, "directory", "", 0));
      return;
    }
    if (!Files.isRegularFile(in)) {
      st.problem(name, 0, Kind.MALFORMED, Files.exists(in) ? "not a regular file or directory" : "no such file");
      return;
    }
    String format = "unknown";
    String hash = "";
    try {
      try (InputStream head = new BufferedInputStream(Files.newInputStream(in), 1 << 16)) {
        format = sniff(head);
      }
      switch (format) {
        case "tar.gz", "tar", "zip" -> {
          MessageDigest sha = hashInputs ? sha256() : NO_DIGEST;
          try (InputStream raw = new BufferedInputStream(hashInputs
              ? new DigestInputStream(Files.newInputStream(in), sha) : Files.newInputStream(in), 1 << 16)) {
            switch (format) {
              case "tar.gz" -> readArchive(in, format, new TarArchiveInputStream(gunzip(raw)), st);
              case "tar" -> readArchive(in, format, new TarArchiveInputStream(raw), st);
              default -> readArchive(in, format, new ZipArchiveInputStream(raw), st);
            }
            if (hashInputs) raw.transferTo(java.io.OutputStream.nullOutputStream()); // bytes the archive left
          }
          hash = hashInputs ? HexFormat.of().formatHex(sha.digest()) : "";
        }
        // a bare capture (a user who has only a .pcap) is a one-capture bundle whose entry is the whole file, so the
        // entry's hash is the input's: it is hashed once, while it is read
        case "pcap", "pcapng", "pcap.gz" -> {
          String path = captureName(in, format);
          try (InputStream raw = Files.newInputStream(in)) {
            take(path, raw, new Origin(in, "file", "", -1, Files.size(in), hashInputs), st);
          }
          if (hashInputs) {
            hash = st.streamed.containsKey(path) ? st.streamed.get(path).sha256()
                : st.files.containsKey(path) ? HexFormat.of().formatHex(sha256().digest(st.files.get(path))) : "";
          }
        }
        case "gzip" -> st.problem(name, 0, Kind.MALFORMED,
            "a gzip file that holds no tar archive; expected a bundle (.tar.gz, .tar, .zip or a directory)");
        default -> st.problem(name, 0, Kind.MALFORMED,
            "not a bundle: expected .tar.gz, .tgz, .tar, .zip or a directory");
      }
      if (hash.isEmpty() && hashInputs) hash = hashOf(in);
    } catch (IOException e) {
      st.problem(name, 0, Kind.MALFORMED, "cannot read: " + e.getMessage());
    }
    long size = 0;
    try {
      size = Files.size(in);
    } catch (IOException ignored) {
      // size is informational
    }
    st.sources.add(new Bundle.Source(name, format, hash, size));
  }

  /** The input's sha256, for inputs that were not read whole (unknown formats, a bare capture cut short). */
  private static String hashOf(Path in) {
    MessageDigest sha = sha256();
    try (InputStream raw = new DigestInputStream(Files.newInputStream(in), sha)) {
      raw.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      return "";
    }
  }

  private static InputStream gunzip(InputStream raw) throws IOException {
    return GzipCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get();
  }

  /** Sniffs the container format from magic bytes, leaving the stream at its start. */
  static String sniff(InputStream in) throws IOException {
    // sniff on a copy: the gzip reader sets marks of its own on the stream it reads
    in.mark(1 << 16);
    byte[] head = in.readNBytes(1 << 16);
    in.reset();
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      try {
        byte[] inner = new GzipCompressorInputStream(new java.io.ByteArrayInputStream(head)).readNBytes(512);
        if (isTar(inner)) return "tar.gz";
        return captureMagic(inner) != null ? "pcap.gz" : "gzip";
      } catch (IOException e) {
        return "tar.gz"; // too broken to peek into; let the archive reader report it
      }
    }
    if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return "zip";
    if (isTar(head)) return "tar";
    String capture = captureMagic(head);
    return capture != null ? capture : "unknown";
  }

  /** "pcap" or "pcapng" when the bytes start like a capture file, else null. */
  static String captureMagic(byte[] b) {
    if (b.length < 4) return null;
    int m = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    return switch (m) {
      case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1 -> "pcap";
      case 0x0a0d0d0a -> "pcapng";
      default -> null;
    };
  }

  /** The bundle path of a bare capture: its file name, with the extension its format calls for. */
  static String captureName(Path in, String format) {
    String base = in.getFileName() == null ? "capture" : in.getFileName().toString();
    StringBuilder b = new StringBuilder();
    for (char c : base.toCharArray()) b.append(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' ? c : '_');
    String n = b.toString().replaceFirst("^\\.+", "");
    if (n.isEmpty()) n = "capture";
    String lower = n.toLowerCase(java.util.Locale.ROOT);
    String ext = "." + format;
    return lower.endsWith(ext) ? n : n + ext;
  }

  private static boolean isTar(byte[] block) {
    return block.length >= 262 && block[257] == 'u' && block[258] == 's' && block[259] == 't'
        && block[260] == 'a' && block[261] == 'r';
  }

  private void readArchive(Path input, String format, ArchiveInputStream<? extends ArchiveEntry> in, State st) {
    String archive = input.toString();
    int count = 0;
    ArchiveEntry entry = null;
    try {
      while ((entry = in.getNextEntry()) != null) {
        if (++count > limits.maxEntries()) {
          st.problem(archive, 0, Kind.INTEGRITY, "more than " + limits.maxEntries()
              + " entries; the rest of the archive was not read");
          return;
        }
        if (entry.isDirectory()) continue;
        String refusal = refusal(entry);
        StringBuilder why = new StringBuilder();
        Optional<String> path = BundlePaths.normalise(entry.getName(), why);
        if (refusal != null || path.isEmpty()) {
          st.problem(archive, 0, Kind.INTEGRITY, "refused entry '" + printable(entry.getName()) + "': "
              + (refusal != null ? refusal : why));
          continue;
        }
        Origin origin = new Origin(input, format, entry.getName(), count - 1, entry.getSize(), true);
        if (!take(path.get(), in, origin, st)) return;
      }
    } catch (EOFException e) {
      st.problem(archive, 0, Kind.TRUNCATED, "archive ends early (truncated?) after " + st.files.size()
          + " files" + (entry != null ? ", inside '" + printable(entry.getName()) + "'" : ""));
    } catch (IOException | RuntimeException e) {
      st.problem(archive, 0, Kind.MALFORMED, "archive is corrupt after " + st.files.size() + " files"
          + (entry != null ? ", at '" + printable(entry.getName()) + "'" : "") + ": " + e.getMessage());
    }
  }

  /** Why an entry is not read (a link, a device...), or null for a regular file. */
  static String refusal(ArchiveEntry e) {
    if (e instanceof TarArchiveEntry t) {
      if (t.isSymbolicLink()) return "symbolic link to '" + printable(t.getLinkName()) + "'";
      if (t.isLink()) return "hard link to '" + printable(t.getLinkName()) + "'";
      if (t.isCharacterDevice() || t.isBlockDevice()) return "device file";
      if (t.isFIFO()) return "named pipe";
      if (!t.isFile()) return "not a regular file";
    }
    if (e instanceof ZipArchiveEntry z && z.isUnixSymlink()) return "symbolic link";
    return null;
  }

  /**
   * Where an entry comes from: enough to open it again ({@link StreamedEntry}).
   *
   * @param size the entry's size as its container declares it, or -1 when it does not
   * @param hashed whether a streamed entry is hashed (not when it is a bare capture whose hash nobody shows)
   */
  private record Origin(Path input, String container, String entry, int ordinal, long size, boolean hashed) {
    String name() {
      return input.toString();
    }
  }

  /**
   * Copies one entry into memory under the caps, or, for a large capture, hashes it on the way and records where
   * it is. Returns false when reading must stop altogether.
   */
  private boolean take(String path, InputStream in, Origin origin, State st) throws IOException {
    String archive = origin.name();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    MessageDigest streamed = null;
    byte[] chunk = new byte[1 << 16];
    long size = 0;
    boolean cut = false;
    boolean sized = false; // whether the entry has been looked at for streaming
    byte[] tapFrom = null; // the entry's bytes so far, when a tap reads the rest
    int n;
    try {
      while ((n = in.read(chunk)) > 0) {
        size += n;
        st.total += n;
        if (st.total > limits.maxTotalBytes()) {
          st.problem(archive, 0, Kind.INTEGRITY, "expands beyond " + limits.maxTotalBytes()
              + " bytes (a compression bomb?); stopped reading at '" + path + "'");
          return false;
        }
        if (streamed != null) {
          streamed.update(chunk, 0, n);
          continue;
        }
        // a size declared above the threshold decides at the first chunk, so nothing of a large capture is held
        if (!sized && (size > streamAbove || origin.size() > streamAbove)) {
          sized = true;
          byte[] held = buf.toByteArray();
          byte[] head = Arrays.copyOf(held, Math.min(held.length + n, 4));
          if (held.length < head.length) System.arraycopy(chunk, 0, head, held.length, head.length - held.length);
          if (isCapture(path, head)) {
            streamed = origin.hashed() ? sha256() : NO_DIGEST;
            streamed.update(held);
            streamed.update(chunk, 0, n);
            buf = null;
            if (tap != null) {
              tapFrom = Arrays.copyOf(held, held.length + n);
              System.arraycopy(chunk, 0, tapFrom, held.length, n);
              break; // the tap reads on, outside this loop's handling of a cut archive, which it does itself
            }
            continue;
          }
        }
        if (size > limits.maxEntryBytes()) {
          cut = true;
          continue; // keep draining to reach the next entry; the total cap still bounds the work
        }
        buf.write(chunk, 0, n);
      }
    } catch (EOFException e) {
      st.problem(path, 0, Kind.TRUNCATED, "cut short by the end of the archive after " + size + " bytes");
      if (streamed != null) {
        st.stream(path, origin, size, streamed, archive);
      } else {
        st.put(path, buf.toByteArray(), archive);
      }
      throw e;
    }
    if (tapFrom != null) {
      return tapped(path, tapFrom, in, size, streamed, origin, st);
    }
    if (streamed != null) {
      st.stream(path, origin, size, streamed, archive);
      return true;
    }
    if (cut) {
      st.problem(path, 0, Kind.INTEGRITY, "larger than " + limits.maxEntryBytes() + " bytes; not read");
      return true;
    }
    st.put(path, buf.toByteArray(), archive);
    return true;
  }

  /**
   * Hands a capture that is being streamed to the {@link #tap}, then hashes what it left unread. The caps and the
   * archive's own errors are enforced and reported exactly as for an entry that is only hashed.
   */
  private boolean tapped(String path, byte[] taken, InputStream in, long sizeSoFar, MessageDigest sha, Origin origin,
      State st) throws IOException {
    EntryStream entry = new EntryStream(taken, in, sizeSoFar, sha, st);
    tap.read(new StreamedEntry.Place(origin.input(), origin.ordinal()), path, entry);
    entry.drain();
    if (entry.overCap) {
      st.problem(origin.name(), 0, Kind.INTEGRITY, "expands beyond " + limits.maxTotalBytes()
          + " bytes (a compression bomb?); stopped reading at '" + path + "'");
      return false;
    }
    if (entry.failure instanceof EOFException e) {
      st.problem(path, 0, Kind.TRUNCATED, "cut short by the end of the archive after " + entry.size + " bytes");
      st.stream(path, origin, entry.size, sha, origin.name());
      throw e;
    }
    if (entry.failure != null) throw entry.failure;
    st.stream(path, origin, entry.size, sha, origin.name());
    return true;
  }

  /**
   * The bytes of an entry being streamed, for a {@link CaptureTap}: those already taken from the archive, then the
   * rest, hashed and counted against the bundle's total as they are read. It remembers the archive's error, which
   * the tap may swallow, and stops at the total cap.
   */
  private final class EntryStream extends InputStream {
    private final java.io.ByteArrayInputStream taken;
    private final InputStream in;
    private final MessageDigest sha;
    private final State st;
    long size;
    IOException failure;
    boolean overCap;

    EntryStream(byte[] taken, InputStream in, long size, MessageDigest sha, State st) {
      this.taken = new java.io.ByteArrayInputStream(taken);
      this.in = in;
      this.size = size;
      this.sha = sha;
      this.st = st;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      if (taken.available() > 0) return taken.read(b, off, len);
      if (failure != null) throw failure;
      if (overCap) return -1;
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      if (n <= 0) return n;
      size += n;
      st.total += n;
      if (st.total > limits.maxTotalBytes()) {
        overCap = true;
        failure = new IOException("the bundle expands beyond " + limits.maxTotalBytes() + " bytes");
        throw failure;
      }
      sha.update(b, off, n);
      return n;
    }

    /** Reads what the tap left, so that the hash and the size cover the whole entry. */
    void drain() {
      byte[] b = new byte[1 << 16];
      try {
        while (read(b, 0, b.length) >= 0) {
          // hashing is the point
        }
      } catch (IOException e) {
        // kept in failure (or overCap) for the caller
      }
    }
  }

  /** A capture by its name and first bytes: pcap/pcapng magic, or gzip magic under a .gz name. */
  private static boolean isCapture(String path, byte[] head) {
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    return captureMagic(head) != null || gzip && (lower.endsWith(".pcap.gz") || lower.endsWith(".pcapng.gz"));
  }

  private void readDirectory(Path dir, State st) {
    try (Stream<Path> walk = Files.walk(dir, 32, new FileVisitOption[0])) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        String rel = dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
        if (rel.isEmpty() || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
        if (Files.isSymbolicLink(p)) {
          st.problem(dir.toString(), 0, Kind.INTEGRITY, "refused entry '" + printable(rel) + "': symbolic link");
          continue;
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          st.problem(dir.toString(), 0, Kind.INTEGRITY, "refused entry '" + printable(rel) + "': not a regular file");
          continue;
        }
        if (st.files.size() >= limits.maxEntries()) {
          st.problem(dir.toString(), 0, Kind.INTEGRITY, "more than " + limits.maxEntries() + " files; rest not read");
          return;
        }
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
          if (!take(rel, in, new Origin(p, "file", "", -1, Files.size(p), true), st)) return;
        }
      }
    } catch (IOException | RuntimeException e) {
      st.problem(dir.toString(), 0, Kind.MALFORMED, "cannot read directory: " + e.getMessage());
    }
  }

  /**
   * Archives made with {@code tar czf x.tgz dir/} put everything under one folder; the bundle's paths start below
   * it, which is recognised by a manifest.json one level down.
   */
  private static void stripCommonPrefix(State st) {
    TreeSet<String> all = new TreeSet<>(st.files.keySet());
    all.addAll(st.streamed.keySet());
    if (all.isEmpty() || all.contains("manifest.json")) return;
    String first = all.first();
    int slash = first.indexOf('/');
    if (slash < 0) return;
    String prefix = first.substring(0, slash + 1);
    if (!all.contains(prefix + "manifest.json")) return;
    if (!all.stream().allMatch(k -> k.startsWith(prefix))) return;
    TreeMap<String, byte[]> stripped = new TreeMap<>();
    st.files.forEach((k, v) -> stripped.put(k.substring(prefix.length()), v));
    st.files.clear();
    st.files.putAll(stripped);
    TreeMap<String, StreamedEntry> streamed = new TreeMap<>();
    st.streamed.forEach((k, v) -> streamed.put(k.substring(prefix.length()), v));
    st.streamed.clear();
    st.streamed.putAll(streamed);
  }

  static String printable(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) b.append(c < 0x20 || c == 0x7f ? '?' : c);
    return b.length() > 200 ? b.substring(0, 200) + "…" : b.toString();
  }

  /** A digest that ignores its input and digests to nothing: for bytes nobody needs the hash of. */
  private static final MessageDigest NO_DIGEST = new MessageDigest("none") {
    @Override
    protected void engineUpdate(byte input) {}

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {}

    @Override
    protected byte[] engineDigest() {
      return new byte[0];
    }

    @Override
    protected void engineReset() {}
  };

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  private static final class State {
    final List<Bundle.Source> sources = new ArrayList<>();
    final TreeMap<String, byte[]> files = new TreeMap<>();
    final TreeMap<String, StreamedEntry> streamed = new TreeMap<>();
    final List<ParseWarning> problems = new ArrayList<>();
    long total;

    void problem(String file, int line, Kind kind, String message) {
      problems.add(ParseWarning.of(file, line, kind, message));
    }

    void put(String path, byte[] content, String archive) {
      if (streamed.containsKey(path) || files.putIfAbsent(path, content) != null) {
        duplicate(path, archive);
      }
    }

    void stream(String path, Origin o, long size, MessageDigest sha, String archive) {
      if (files.containsKey(path) || streamed.containsKey(path)) {
        duplicate(path, archive);
        return;
      }
      streamed.put(path, new StreamedEntry(o.input(), o.container(), o.entry(), o.ordinal(), size,
          HexFormat.of().formatHex(sha.digest())));
    }

    private void duplicate(String path, String archive) {
      problem(archive, 0, Kind.INTEGRITY, "duplicate entry '" + path + "'; the first copy is used");
    }
  }
}
