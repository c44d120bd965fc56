package dev.packetwalk.parse.iptables;

/**
 * Packet and byte counters, as printed in {@code [pkts:bytes]} by {@code iptables-save -c} or in the first two
 * columns of {@code iptables -nvL} (where the K/M/G suffixes have already been expanded, so the value is approximate).
 *
 * @param packets packets counted
 * @param bytes bytes counted
 * @param exact false when the text used a K/M/G/T suffix and the value is rounded
 */
public record Counters(long packets, long bytes, boolean exact) {

  public static final Counters ZERO = new Counters(0, 0, true);

  /** Parses {@code [12:3456]}; returns null if the text is not in that form. */
  public static Counters parseBracketed(String text) {
    if (text == null || text.length() < 5 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
      return null;
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      return null;
    }
    try {
      return new Counters(Long.parseLong(text.substring(1, colon)), Long.parseLong(text.substring(colon + 1,
          text.length() - 1)), true);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Expands {@code 38M}, {@code 9501K}, {@code 1G} as {@code iptables -L -v} prints them (powers of 1000, see
   * iptables' {@code xtables_print_num}); returns -1 if the text is not a number.
   */
  public static long parseHuman(String text) {
    if (text == null || text.isEmpty()) {
      return -1;
    }
    long mult = 1;
    char last = text.charAt(text.length() - 1);
    String digits = text;
    switch (last) {
      case 'K' -> mult = 1_000L;
      case 'M' -> mult = 1_000_000L;
      case 'G' -> mult = 1_000_000_000L;
      case 'T' -> mult = 1_000_000_000_000L;
      default -> mult = 1;
    }
    if (mult != 1) {
      digits = text.substring(0, text.length() - 1);
    }
    try {
      return Long.parseLong(digits) * mult;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
