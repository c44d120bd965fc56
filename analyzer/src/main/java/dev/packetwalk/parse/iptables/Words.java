package dev.packetwalk.parse.iptables;

/**
 * Splits a rule line into words the way iptables-restore does: whitespace separates, double or single quotes group
 * (so {@code --comment "ns/svc:p80 cluster IP"} is one value), and inside double quotes a backslash escapes the next
 * character ({@code iptables-save} writes {@code \"} and {@code \\} in comments).
 *
 * <p>A reusable token buffer over the source text: a word is kept as the offsets of its characters in the source
 * (every unquoted word, and a quoted one without escapes or adjacent text, is such a contiguous region); only the
 * rare word that is not gets its text built. No {@code String} is created until the parser asks for one.
 */
final class Words {

  private String src;
  private int size;
  private int[] start = new int[32];
  private int[] end = new int[32];
  private boolean[] quoted = new boolean[32];
  private String[] built = new String[32];
  private int[] hash = new int[32];

  // the word being read
  private int cs;
  private int ce;
  private StringBuilder sb;
  private int h; // String.hashCode of the word's text so far

  /** Tokenizes {@code src[from, to)}; returns false if a quote is never closed. */
  boolean split(String src, int from, int to) {
    this.src = src;
    size = 0;
    boolean inWord = false;
    boolean wordQuoted = false;
    cs = -1;
    sb = null;
    h = 0;
    int i = from;
    while (i < to) {
      char c = src.charAt(i);
      if (c == '"' || c == '\'') {
        inWord = true;
        wordQuoted = true;
        i++;
        // quoted section: up to the matching quote; in "...", a backslash escapes the next character
        int j = i;
        while (true) {
          if (j >= to) {
            return false;
          }
          char d = src.charAt(j);
          if (d == c) {
            append(i, j);
            i = j + 1;
            break;
          }
          if (d == '\\' && c == '"' && j + 1 < to) {
            append(i, j);
            append(j + 1, j + 2);
            h = 31 * h + src.charAt(j + 1);
            j += 2;
            i = j;
          } else {
            h = 31 * h + d;
            j++;
          }
        }
      } else if (isWhitespace(c)) {
        if (inWord) {
          emit(wordQuoted);
          inWord = false;
          wordQuoted = false;
        }
        i++;
      } else {
        int j = i + 1;
        int wh = 31 * h + c;
        while (j < to) {
          char d = src.charAt(j);
          if (d == '"' || d == '\'' || isWhitespace(d)) {
            break;
          }
          wh = 31 * wh + d;
          j++;
        }
        h = wh;
        append(i, j);
        inWord = true;
        i = j;
      }
    }
    if (inWord) {
      emit(wordQuoted);
    }
    return true;
  }

  static boolean isWhitespace(char c) {
    return c <= ' ' ? Character.isWhitespace(c) : c >= '\u1680' && Character.isWhitespace(c);
  }

  private void append(int a, int b) {
    if (a == b) {
      return;
    }
    if (sb != null) {
      sb.append(src, a, b);
    } else if (cs < 0) {
      cs = a;
      ce = b;
    } else if (a == ce) {
      ce = b;
    } else {
      sb = new StringBuilder().append(src, cs, ce).append(src, a, b);
    }
  }

  private void emit(boolean q) {
    if (size == start.length) {
      int n = size * 2;
      start = java.util.Arrays.copyOf(start, n);
      end = java.util.Arrays.copyOf(end, n);
      quoted = java.util.Arrays.copyOf(quoted, n);
      built = java.util.Arrays.copyOf(built, n);
      hash = java.util.Arrays.copyOf(hash, n);
    }
    if (sb != null) {
      built[size] = sb.toString();
      start[size] = -1;
      end[size] = -1;
    } else if (cs < 0) {
      built[size] = "";
      start[size] = -1;
      end[size] = -1;
    } else {
      built[size] = null;
      start[size] = cs;
      end[size] = ce;
    }
    quoted[size] = q;
    hash[size] = h;
    size++;
    cs = -1;
    sb = null;
    h = 0;
  }

  int size() {
    return size;
  }

  boolean quoted(int i) {
    return quoted[i];
  }

  int length(int i) {
    return built[i] != null ? built[i].length() : end[i] - start[i];
  }

  char charAt(int i, int k) {
    return built[i] != null ? built[i].charAt(k) : src.charAt(start[i] + k);
  }

  /** The word's text equals {@code s} (quoted or not). */
  boolean textIs(int i, String s) {
    if (built[i] != null) {
      return built[i].equals(s);
    }
    int len = end[i] - start[i];
    return len == s.length() && src.regionMatches(start[i], s, 0, len);
  }

  /** An unquoted word equal to {@code s}. */
  boolean is(int i, String s) {
    return !quoted[i] && textIs(i, s);
  }

  /** An option-looking word: {@code -x}, {@code --xyz}, but not a negative number and not quoted. */
  boolean isOption(int i) {
    return !quoted[i] && length(i) > 1 && charAt(i, 0) == '-' && !Character.isDigit(charAt(i, 1));
  }

  /** The word's text, shared through {@code names}. */
  String text(int i, Names names) {
    return built[i] != null ? names.get(built[i]) : names.get(src, start[i], end[i], hash[i]);
  }

  /** The word's text without its first {@code skip} characters, shared through {@code names}. */
  String text(int i, int skip, Names names) {
    return built[i] != null ? names.get(built[i].substring(skip)) : names.get(src, start[i] + skip, end[i]);
  }
}
