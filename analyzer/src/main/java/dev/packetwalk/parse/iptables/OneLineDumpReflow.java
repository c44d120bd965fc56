package dev.packetwalk.parse.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an {@code iptables-save} dump whose newlines were collapsed into spaces (a dump pasted through a chat or
 * a YAML scalar; the Azure NPM test data has one) back into lines. A split point is a space, outside quotes, followed
 * by a token that can only start a line: {@code -A }, {@code -I }, {@code -N }, {@code -X }, {@code COMMIT},
 * {@code *table}, {@code :CHAIN POLICY [p:b]}, {@code [p:b] -A}, or {@code # Generated}/{@code # Completed}/
 * {@code # Warning}. Heuristic by nature, hence the caller's warning.
 */
final class OneLineDumpReflow {

  /** Lines shorter than this are never treated as collapsed dumps; real rules rarely exceed a few hundred chars. */
  static final int MIN_LENGTH = 400;

  private static final Pattern BOUNDARY = Pattern.compile(
      "(?:-[AINX] \\S|COMMIT(?:\\s|$)|\\*(?:raw|mangle|nat|filter|security)(?:\\s|$)"
          + "|:\\S+ (?:ACCEPT|DROP|RETURN|QUEUE|-) \\[\\d+:\\d+\\]|\\[\\d+:\\d+\\] -[AI] "
          + "|# (?:Generated|Completed|Warning))");

  private OneLineDumpReflow() {}

  /** True if the line looks like several dump lines run together. */
  static boolean looksCollapsed(String line) {
    return line.length() >= MIN_LENGTH && splitPoints(line).size() >= 2;
  }

  static List<String> split(String line) {
    List<Integer> cuts = splitPoints(line);
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int cut : cuts) {
      out.add(line.substring(start, cut).strip());
      start = cut;
    }
    out.add(line.substring(start).strip());
    out.removeIf(String::isEmpty);
    return out;
  }

  private static List<Integer> splitPoints(String line) {
    List<Integer> cuts = new ArrayList<>();
    Matcher m = BOUNDARY.matcher(line);
    char quote = 0;
    int scanned = 0;
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i - 1);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '"') {
        quote = c;
        continue;
      }
      // a "# Generated ..." comment runs until the next boundary; its text has no quotes to track
      if (c == ' ' && i >= scanned && m.region(i, line.length()).lookingAt()) {
        cuts.add(i);
        scanned = m.end(); // "[0:0] -A X" is one boundary, not two
      }
    }
    return cuts;
  }
}
