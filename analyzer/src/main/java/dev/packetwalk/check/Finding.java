package dev.packetwalk.check;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One conclusion of a check, with everything a reader needs to believe it and act on it.
 *
 * @param checkId the id of the check that made it
 * @param title one line naming the problem and its subject
 * @param explanation plain-language account of what is wrong and why it breaks traffic
 * @param evidence where in the bundle this is shown; never empty
 * @param remediation what to check or do next
 */
public record Finding(String checkId, Severity severity, Layer layer, Subject subject, String title,
    String explanation, List<Evidence> evidence, String remediation) {

  /** Most severe first, then by check and subject, so reports list findings in a stable order. */
  public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
      .thenComparing(Finding::layer).thenComparing(Finding::checkId).thenComparing(Finding::subject)
      .thenComparing(Finding::title);

  public Finding {
    Objects.requireNonNull(checkId, "checkId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(title, "title");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("a finding without evidence is a guess: " + checkId + " " + title);
    }
    explanation = explanation == null ? "" : explanation;
    remediation = remediation == null ? "" : remediation;
  }
}
