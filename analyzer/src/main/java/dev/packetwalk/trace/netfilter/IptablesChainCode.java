package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.NfChain;

/** A chain with its rules compiled, and (for long chains) an index of them by destination, built on first use. */
final class IptablesChainCode {
  /** Below this many rules a scan is as cheap as an index lookup. */
  private static final int INDEX_FROM = 24;

  private final String table;
  private final NfChain chain;
  private final IptablesRuleCode[] rules;
  private IptablesChainIndex index;

  IptablesChainCode(String table, NfChain chain, IptablesRuleCode[] rules) {
    this.table = table;
    this.chain = chain;
    this.rules = rules;
  }

  String table() {
    return table;
  }

  String name() {
    return chain.name();
  }

  NfChain chain() {
    return chain;
  }

  IptablesRuleCode[] rules() {
    return rules;
  }

  /** The rule indices worth testing for this packet (sorted lists to merge), or null to test every rule. */
  int[][] candidates(IptablesState s) {
    if (rules.length < INDEX_FROM) return null;
    if (index == null) index = new IptablesChainIndex(chain.rules());
    return index.candidates(s.dst(), s.packet.proto(), s.packet.dport());
  }
}
