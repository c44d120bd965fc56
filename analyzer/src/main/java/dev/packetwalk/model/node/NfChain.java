package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * One chain of one table.
 *
 * @param policy {@code ACCEPT}/{@code DROP} for a built-in chain, "" for a user chain
 * @param policyCounters packets that fell off the end and took the policy, or null
 * @param policyDelta change of the policy counters in the second sample, or null
 * @param ref the {@code :NAME POLICY [p:b]} line
 */
public record NfChain(String table, String name, String policy, NfCounters policyCounters, NfCounters policyDelta,
    List<NfRule> rules, SourceRef ref) {

  public NfChain {
    policy = policy == null ? "" : policy;
    rules = List.copyOf(rules);
  }

  public boolean builtin() {
    return !policy.isEmpty();
  }
}
