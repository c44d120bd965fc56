package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.Netfilter;
import dev.packetwalk.model.node.NfChain;
import dev.packetwalk.model.node.NfMatch;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NfTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One family's iptables rules, compiled chain by chain on first use. Safe to share between threads. */
final class IptablesProgram {
  private final Map<String, Map<String, NfChain>> tables = new HashMap<>();
  private final Map<String, IptablesChainCode> compiled = new ConcurrentHashMap<>();

  IptablesProgram(Netfilter nf) {
    for (NfTable t : nf.tables()) {
      Map<String, NfChain> chains = tables.computeIfAbsent(t.name(), k -> new HashMap<>());
      for (NfChain c : t.chains()) chains.putIfAbsent(c.name(), c);
    }
  }

  /** The chain, compiled; null when the dump has no such table or chain. */
  IptablesChainCode chain(String table, String name) {
    Map<String, NfChain> t = tables.get(table);
    NfChain c = t == null ? null : t.get(name);
    if (c == null) return null;
    return compiled.computeIfAbsent(table + '\u0000' + name, k -> compile(table, c));
  }

  private static IptablesChainCode compile(String table, NfChain c) {
    IptablesRuleCode[] rules = new IptablesRuleCode[c.rules().size()];
    for (int i = 0; i < rules.length; i++) rules[i] = compile(c.rules().get(i));
    return new IptablesChainCode(table, c, rules);
  }

  static IptablesRuleCode compile(NfRule r) {
    List<IptablesCond> conds = new ArrayList<>(r.matches().size());
    List<IptablesCond.Fork> forks = new ArrayList<>(0);
    String where = IptablesWalk.where(r);
    for (NfMatch m : r.matches()) IptablesMatches.compile(m, where, conds, forks);
    return new IptablesRuleCode(r, conds.toArray(new IptablesCond[0]), forks.toArray(new IptablesCond.Fork[0]));
  }
}
