package dev.packetwalk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import java.util.List;
import java.util.stream.Collectors;

/** Assertions on check results that read like the finding they expect. */
public final class FindingAsserts {
  private FindingAsserts() {}

  /** The result has exactly {@code n} findings, all of {@code checkId}; returns them in report order. */
  public static List<Finding> found(CheckResult r, String checkId, int n) {
    assertEquals(CheckResult.Status.FOUND, r.status(), () -> "status of " + checkId + ": " + r);
    assertEquals(n, r.findings().size(), () -> "findings: " + r.findings());
    r.findings().forEach(f -> assertEquals(checkId, f.checkId()));
    return r.findings();
  }

  public static Finding one(CheckResult r, String checkId) {
    return found(r, checkId, 1).get(0);
  }

  public static void passed(CheckResult r) {
    assertEquals(CheckResult.Status.PASSED, r.status(), () -> "expected no finding, got " + r.findings());
  }

  public static void insufficient(CheckResult r) {
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, r.status(), () -> "expected INSUFFICIENT_INFO: " + r);
  }

  /** Some evidence of the finding stands at {@code location} ("cluster/services.json:12"). */
  public static void cites(Finding f, String location) {
    assertTrue(f.evidence().stream().anyMatch(e -> e.location().equals(location)),
        () -> "no evidence at " + location + " in " + f.evidence().stream()
            .map(e -> e.location() + " [" + e.excerpt() + "] " + e.note()).collect(Collectors.joining("\n  ", "\n  ", "")));
  }

  /** Some evidence of the finding stands at {@code location} and quotes {@code excerpt}. */
  public static void cites(Finding f, String location, String excerpt) {
    cites(f, location);
    assertTrue(f.evidence().stream().filter(e -> e.location().equals(location)).map(Evidence::excerpt)
        .anyMatch(x -> x.contains(excerpt)), () -> "evidence at " + location + " does not quote " + excerpt + ": "
        + f.evidence());
  }

  /** The explanation (or title) contains every fragment. */
  public static void says(Finding f, String... fragments) {
    String text = f.title() + "\n" + f.explanation();
    for (String s : fragments) assertTrue(text.contains(s), () -> "'" + s + "' not in: " + text);
  }
}
