package dev.packetwalk.parse.iptables;

/**
 * A per-parse string cache keyed by a region of the source text, so that the vocabulary of a dump (module and option
 * names, {@code -A}, {@code tcp}, {@code KUBE-MARK-MASQ}, {@code random}, the chain name of consecutive rules) is one
 * {@code String} instance each, created straight from the text without a temporary.
 *
 * <p>Direct-mapped and fixed-size: a slot holds the last string that hashed to it. The table stays in the CPU cache
 * (a probing table holding every distinct word of a 30 MB dump does not, and cost more in cache misses than it saved),
 * repeated words hit, and unique words (addresses, comments) simply replace each other.
 */
final class Names {

  private static final int SLOTS = 1 << 13;
  private final String[] table = new String[SLOTS];
  private final int[] hashes = new int[SLOTS];

  /** The string {@code text[start, end)} whose {@link String#hashCode()} is {@code h}. */
  String get(String text, int start, int end, int h) {
    int len = end - start;
    if (len == 0) {
      return "";
    }
    int slot = (h ^ (h >>> 13) ^ (h >>> 21)) & (SLOTS - 1);
    String s = table[slot];
    if (s != null && hashes[slot] == h && s.length() == len && text.regionMatches(start, s, 0, len)) {
      return s;
    }
    s = text.substring(start, end);
    table[slot] = s;
    hashes[slot] = h;
    return s;
  }

  /** The string {@code text[start, end)}. */
  String get(String text, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + text.charAt(i);
    }
    return get(text, start, end, h);
  }

  /** Shares an already built string (one with escapes or quotes removed). */
  String get(String s) {
    return s.isEmpty() ? "" : get(s, 0, s.length(), s.hashCode());
  }
}
