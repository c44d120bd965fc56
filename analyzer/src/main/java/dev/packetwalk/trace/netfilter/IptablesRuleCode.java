package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.NfRule;

/**
 * A rule compiled once per filter: its matches as tests, and the ones that fork the walk.
 *
 * @param conds the deterministic matches, all of which must say yes
 * @param forks the random or history-dependent matches ({@code statistic}, {@code recent --rcheck})
 */
record IptablesRuleCode(NfRule rule, IptablesCond[] conds, IptablesCond.Fork[] forks) {}
