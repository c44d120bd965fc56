package dev.packetwalk.check;

import java.util.List;

/**
 * The catalog: every check, in the order the report lists them. Adding a check means adding it here; a contract
 * test holds every entry to its id, doc and tests.
 */
public final class Checks {
  private Checks() {}

  public static final List<Check> ALL = List.of(
  );
}
