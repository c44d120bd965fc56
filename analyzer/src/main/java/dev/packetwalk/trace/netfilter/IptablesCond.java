package dev.packetwalk.trace.netfilter;

/**
 * One compiled match of a rule, tested against a branch's state. A match says yes, no, or that the evidence cannot
 * decide; it never guesses.
 */
interface IptablesCond {

  enum Tri {
    YES,
    NO,
    UNKNOWN;

    static Tri of(boolean b) {
      return b ? YES : NO;
    }

    Tri negate(boolean negated) {
      return !negated || this == UNKNOWN ? this : this == YES ? NO : YES;
    }
  }

  Tri test(IptablesState s);

  /** Why {@link #test} said UNKNOWN for this state. */
  String why(IptablesState s);

  /** A match the engine cannot evaluate at all (a module or option it does not know). */
  static IptablesCond unknown(String why) {
    return new IptablesCond() {
      public Tri test(IptablesState s) {
        return Tri.UNKNOWN;
      }

      public String why(IptablesState s) {
        return why;
      }
    };
  }

  /**
   * A match whose outcome is a random or history-dependent choice ({@code statistic}, {@code recent}): the walk
   * forks into a matched and an unmatched branch.
   *
   * @param probability the chance of matching, NaN when unknown
   * @param what how to name the choice ({@code statistic random}, {@code recent KUBE-SEP-X})
   */
  record Fork(double probability, String what) {}
}
