package dev.packetwalk.bundle;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a large packet capture while {@link BundleReader} streams it out of the archive, so that a bundle's capture
 * is inflated and read once rather than once to hash it and again to analyse it. What the tap learns is keyed by the
 * entry's {@link StreamedEntry#place()}, which the {@link StreamedEntry} recorded afterwards carries too.
 */
@FunctionalInterface
public interface CaptureTap {
  /**
   * Reads as much of {@code capture} (the entry's bytes from its start) as it wants, without closing it. Called on
   * the reading thread; the rest of the entry is hashed after it returns. An error of the archive itself reaches the
   * tap as an {@link IOException} from {@code capture}, and {@link BundleReader} reports it too.
   *
   * @param path the entry's bundle path as read, before a common top folder is stripped
   */
  void read(StreamedEntry.Place place, String path, InputStream capture);
}
