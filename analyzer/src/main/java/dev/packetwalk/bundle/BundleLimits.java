package dev.packetwalk.bundle;

/**
 * Caps applied while reading a bundle, so that a hostile or broken archive (a gzip bomb, millions of entries) costs
 * a diagnostic and not the analyst's machine.
 */
public record BundleLimits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
  public static final BundleLimits DEFAULT = new BundleLimits(256L << 20, 2L << 30, 200_000);

  public BundleLimits {
    if (maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("bundle limits must be positive");
    }
  }
}
