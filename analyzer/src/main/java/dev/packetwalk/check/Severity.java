package dev.packetwalk.check;

import java.util.Locale;

/** How bad a finding is, most severe first. */
public enum Severity {
  CRITICAL, ERROR, WARNING, INFO;

  /** The lower-case name used in JSON and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }

  /** Whether this is at least as severe as {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return ordinal() <= threshold.ordinal();
  }
}
