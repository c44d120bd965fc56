package dev.packetwalk.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Assertions shared by check tests: findings, their evidence positions and the words of their explanation. */
public final class CheckAssertions {
  private CheckAssertions() {}

  /** The only finding of a FOUND result. */
  public static Finding single(CheckResult r) {
    assertEquals(CheckResult.Status.FOUND, r.status(), () -> "status; reasons " + r.reasons());
    assertEquals(1, r.findings().size(), () -> "findings " + r.findings());
    return r.findings().get(0);
  }

  /** 1-based line of the first line of {@code text} containing {@code needle}. */
  public static int lineOf(String text, String needle) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) if (lines[i].contains(needle)) return i + 1;
    throw new AssertionError("fixture has no line containing " + needle);
  }

  /** The finding cites {@code file} at the line of {@code text} holding {@code needle}. */
  public static void cites(Finding f, String file, String text, String needle) {
    int line = lineOf(text, needle);
    assertTrue(f.evidence().stream().anyMatch(e -> e.file().equals(file) && e.line() == line),
        () -> "expected evidence " + file + ":" + line + " (" + needle + ") in " + f.evidence());
  }

  /** The explanation (or title) contains every word given, case-insensitively. */
  public static void explains(Finding f, String... words) {
    String text = (f.title() + "\n" + f.explanation()).toLowerCase();
    for (String w : words) {
      assertTrue(text.contains(w.toLowerCase()), () -> "missing '" + w + "' in: " + f.title() + "\n"
          + f.explanation());
    }
  }

  public static void subject(Finding f, String kind, String namespace, String name) {
    assertEquals(kind + "|" + namespace + "|" + name, f.subject().kind() + "|" + f.subject().namespace() + "|"
        + f.subject().name());
  }

  public static void noFindings(CheckResult r) {
    assertEquals(List.of(), r.findings());
    assertEquals(CheckResult.Status.PASSED, r.status(), () -> "reasons " + r.reasons());
  }
}
