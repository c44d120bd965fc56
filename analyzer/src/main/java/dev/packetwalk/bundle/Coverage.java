package dev.packetwalk.bundle;

/**
 * What became of one piece of evidence: read in full, in part, not at all, or never collected, with the reason.
 *
 * @param spec the registry entry, or null for a file no parser reads
 * @param items how many records were read (objects, lines, rules)
 * @param warnings how many warnings the parser raised
 */
public record Coverage(String path, EvidenceSpec spec, Status status, String reason, int items, int warnings)
    implements Comparable<Coverage> {

  /** Closed set of outcomes, best first. */
  public enum Status {
    PARSED, PARTIAL, FAILED, EMPTY, MISSING, SKIPPED, UNUSED;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Coverage {
    reason = reason == null ? "" : reason;
  }

  @Override
  public int compareTo(Coverage o) {
    return path.compareTo(o.path);
  }
}
