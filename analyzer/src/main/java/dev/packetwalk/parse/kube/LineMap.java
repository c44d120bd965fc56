package dev.packetwalk.parse.kube;

import java.util.Map;

/** JSON pointer → 1-based line of the value in its file, so that evidence can cite a line, not just a file. */
public final class LineMap {
  private final Map<String, Integer> lines;

  LineMap(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** The line of the value at {@code pointer}, or of its nearest recorded ancestor; 0 when unknown. */
  public int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer l = lines.get(p);
      if (l != null) return l;
      if (p.isEmpty()) return 0;
      int slash = p.lastIndexOf('/');
      p = slash <= 0 ? "" : p.substring(0, slash);
    }
  }
}
