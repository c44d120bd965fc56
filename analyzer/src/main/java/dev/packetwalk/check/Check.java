package dev.packetwalk.check;

import java.util.List;

/**
 * One anomaly check: a small class that reads the neutral model and returns findings. It has a doc at {@code
 * checks/<id>.md} on the classpath, a test with positive and negative cases, and an entry in {@link Checks#ALL}.
 */
public interface Check {
  CheckInfo info();

  /** Findings for this bundle; empty when nothing is wrong or the evidence to decide is missing. */
  List<Finding> run(CheckContext ctx);
}
