package dev.packetwalk.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

/**
 * A packet capture too large to hold in memory: {@link BundleReader} leaves it in its input, and whoever reads it
 * streams it again through {@link #open()} (a fresh archive stream, inflated as it is read; nothing is extracted,
 * nothing is written beside the input).
 *
 * @param input the archive, the directory's file, or the bare capture
 * @param container "tar.gz", "tar", "zip", or "file" when {@code input} is the capture itself
 * @param entry the entry's name as the archive stores it ("" for a file)
 * @param ordinal the entry's position in the archive, directories included (-1 for a file): re-finds exactly the
 *     entry that was accepted, even when a name repeats
 * @param size bytes of the capture (as stored, i.e. still gzip'd for a .pcap.gz)
 * @param sha256 of those bytes, hex, for the manifest check
 */
public record StreamedEntry(Path input, String container, String entry, int ordinal, long size, String sha256) {

  /** Where an entry is: its input and its position there; what a {@link CaptureTap} read is keyed by it. */
  public record Place(Path input, int ordinal) {}

  public Place place() {
    return new Place(input, ordinal);
  }

  /** The entry's bytes from the start; the caller closes the stream (which closes the archive). */
  public InputStream open() throws IOException {
    if (container.equals("file")) {
      return Files.newInputStream(input, LinkOption.NOFOLLOW_LINKS);
    }
    InputStream raw = Files.newInputStream(input);
    try {
      ArchiveInputStream<? extends ArchiveEntry> a = switch (container) {
        // java.util.zip inflates with the system zlib, faster than commons-compress; it reads concatenated members
        case "tar.gz" -> new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        case "tar" -> new TarArchiveInputStream(raw, 1 << 16);
        case "zip" -> new ZipArchiveInputStream(raw);
        default -> throw new IOException("unknown container " + container);
      };
      ArchiveEntry e;
      int i = 0;
      while ((e = a.getNextEntry()) != null) {
        if (i++ == ordinal) {
          if (!e.getName().equals(entry) || e.isDirectory() || BundleReader.refusal(e) != null) {
            break;
          }
          return new FilterInputStream(a) {};
        }
      }
      a.close();
      throw new IOException("entry '" + BundleReader.printable(entry) + "' is no longer at its place in " + input
          + " (the archive changed since it was read)");
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
