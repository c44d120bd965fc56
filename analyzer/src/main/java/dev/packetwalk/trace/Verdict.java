package dev.packetwalk.trace;

import java.util.Collection;

/** A flow's overall outcome, over all of its branches. */
public enum Verdict {
  /** Every branch works. */
  DELIVERED,
  /** Some branches fail and others work (or cannot be decided): a random endpoint choice decides. */
  PARTIAL,
  /** No branch works. */
  BROKEN,
  /** No branch fails, but at least one cannot be decided from the evidence. */
  INSUFFICIENT_INFO;

  public static Verdict of(Collection<Disposition> branches) {
    boolean ok = false;
    boolean failed = false;
    boolean unknown = false;
    for (Disposition d : branches) {
      if (d.success()) ok = true;
      else if (d == Disposition.INSUFFICIENT_INFO) unknown = true;
      else failed = true;
    }
    if (failed) return ok || unknown ? PARTIAL : BROKEN;
    if (unknown || !ok) return INSUFFICIENT_INFO;
    return DELIVERED;
  }
}
