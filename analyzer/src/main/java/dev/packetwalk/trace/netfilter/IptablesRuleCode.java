package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.NfRule;

/**
 * A rule compiled once per filter: its matches as tests, the ones that fork the walk, and (resolved on first use) the
 * chain it jumps to.
 */
final class IptablesRuleCode {
  private final NfRule rule;
  private final IptablesCond[] conds;
  private final IptablesCond.Fork[] forks;
  private IptablesChainCode jumpTarget;

  /**
   * @param conds the deterministic matches, all of which must say yes
   * @param forks the random or history-dependent matches ({@code statistic}, {@code recent --rcheck})
   */
  IptablesRuleCode(NfRule rule, IptablesCond[] conds, IptablesCond.Fork[] forks) {
    this.rule = rule;
    this.conds = conds;
    this.forks = forks;
  }

  NfRule rule() {
    return rule;
  }

  IptablesCond[] conds() {
    return conds;
  }

  IptablesCond.Fork[] forks() {
    return forks;
  }

  /** The user chain of the rule's table this rule jumps or goes to, or null when the dump has none of that name. */
  IptablesChainCode jumpTarget(IptablesProgram program) {
    IptablesChainCode t = jumpTarget;
    if (t == null) {
      t = program.chain(rule.table(), rule.target());
      jumpTarget = t; // a benign race: every thread resolves the same chain
    }
    return t;
  }
}
