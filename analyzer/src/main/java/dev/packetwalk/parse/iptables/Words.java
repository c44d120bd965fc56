package dev.packetwalk.parse.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rule line into words the way iptables-restore does: whitespace separates, double or single quotes group
 * (so {@code --comment "ns/svc:p80 cluster IP"} is one value), and inside double quotes a backslash escapes the next
 * character ({@code iptables-save} writes {@code \"} and {@code \\} in comments).
 */
final class Words {

  /** One word; {@code quoted} tells a quoted {@code "-x"} value apart from an option {@code -x}. */
  record Word(String text, boolean quoted) {
    boolean is(String s) {
      return !quoted && text.equals(s);
    }

    /** An option-looking word: {@code -x}, {@code --xyz}, but not a negative number and not quoted. */
    boolean isOption() {
      return !quoted && text.length() > 1 && text.charAt(0) == '-' && !Character.isDigit(text.charAt(1));
    }
  }

  private Words() {}

  /** Returns null if a quote is never closed. */
  static List<Word> split(String line) {
    List<Word> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          cur.append(line.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        quoted = true;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(new Word(cur.toString(), quoted));
          cur.setLength(0);
          inWord = false;
          quoted = false;
        }
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      return null;
    }
    if (inWord) {
      out.add(new Word(cur.toString(), quoted));
    }
    return out;
  }
}
