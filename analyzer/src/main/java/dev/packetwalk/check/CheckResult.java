package dev.packetwalk.check;

import java.util.List;

/**
 * How one check fared on a bundle: its findings, or why it could not decide (INSUFFICIENT_INFO), or the error that
 * stopped it (a bug in packetwalk, reported rather than thrown at the user).
 */
public record CheckResult(CheckInfo info, Status status, List<Finding> findings, List<String> reasons) {

  /** Closed set of outcomes. */
  public enum Status { PASSED, FOUND, INSUFFICIENT_INFO, ERROR }

  public CheckResult {
    findings = List.copyOf(findings);
    reasons = List.copyOf(reasons);
  }
}
