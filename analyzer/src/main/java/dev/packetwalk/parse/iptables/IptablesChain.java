package dev.packetwalk.parse.iptables;

import java.util.List;

/**
 * A chain of one table with its rules in order.
 *
 * @param name chain name
 * @param policy {@code ACCEPT}/{@code DROP} for built-in chains, null for user chains ({@code -} in the dump)
 * @param counters policy counters from {@code :NAME POLICY [p:b]}, or null
 * @param declared true if the dump declared it ({@code :NAME} or {@code -N}); false if it was only seen in a rule
 * @param line line of the declaration, or of the first rule if undeclared
 * @param rules the chain's rules in file order
 */
public record IptablesChain(String name, String policy, Counters counters, boolean declared, int line,
    List<IptablesRule> rules) {

  public IptablesChain {
    rules = List.copyOf(rules);
  }

  public boolean builtin() {
    return policy != null;
  }
}
