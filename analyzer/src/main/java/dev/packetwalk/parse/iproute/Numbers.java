package dev.packetwalk.parse.iproute;

/** Lenient number parsing: evidence text is untrusted, so a bad number is a null, never an exception. */
final class Numbers {
  private Numbers() {}

  static Long parseLong(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
    } catch (NumberFormatException e) {
      try {
        return Long.parseUnsignedLong(s); // 64-bit kernel counters past 2^63 (wrap to negative, but are kept)
      } catch (NumberFormatException e2) {
        return null;
      }
    }
  }

  static Integer parseInt(String s) {
    Long v = parseLong(s);
    return v == null || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : v.intValue();
  }

  /** Splits on runs of blanks (spaces and tabs), dropping empty tokens; faster and clearer than a regex. */
  static String[] tokens(String s) {
    return s.trim().isEmpty() ? new String[0] : s.trim().split("[ \\t]+");
  }

  /** Lines of a text, without line terminators; a trailing newline gives no extra empty line. */
  static String[] lines(String text) {
    String[] ls = text.split("\r?\n", -1);
    if (ls.length > 0 && ls[ls.length - 1].isEmpty()) {
      String[] out = new String[ls.length - 1];
      System.arraycopy(ls, 0, out, 0, out.length);
      return out;
    }
    return ls;
  }
}
