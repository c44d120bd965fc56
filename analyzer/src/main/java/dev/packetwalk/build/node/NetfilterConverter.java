package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.Netfilter;
import dev.packetwalk.model.node.NfChain;
import dev.packetwalk.model.node.NfCounters;
import dev.packetwalk.model.node.NfMatch;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NfTable;
import dev.packetwalk.parse.iptables.Counters;
import dev.packetwalk.parse.iptables.IptablesChain;
import dev.packetwalk.parse.iptables.IptablesDump;
import dev.packetwalk.parse.iptables.IptablesMatch;
import dev.packetwalk.parse.iptables.IptablesRule;
import dev.packetwalk.parse.iptables.IptablesTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code iptables-save -c} dump to tables, chains and rules, with each counter's change in the second sample.
 *
 * <p>A rule of the second sample is the same rule when it has the same table, chain and text and the same rank among
 * identical rules of that chain: positions shift when kube-proxy syncs between the samples, texts do not.
 */
final class NetfilterConverter {
  private NetfilterConverter() {}

  static Netfilter convert(IptablesDump first, IptablesDump second, String backend, boolean bothBackends) {
    Map<String, Counters> later = second == null ? Map.of() : index(second);
    List<NfTable> tables = new ArrayList<>();
    for (IptablesTable t : first.tables()) {
      List<NfChain> chains = new ArrayList<>();
      for (IptablesChain c : t.chains()) {
        Map<String, Integer> rank = new HashMap<>();
        List<NfRule> rules = new ArrayList<>();
        for (IptablesRule r : c.rules()) {
          int n = rank.merge(r.raw(), 1, Integer::sum);
          NfCounters counters = counters(r.counters());
          NfCounters delta = second == null ? null
              : NfCounters.delta(counters(later.get(ruleKey(t.name(), c.name(), r.raw(), n))), counters);
          rules.add(rule(first.file(), t.name(), c.name(), rules.size() + 1, r, counters, delta));
        }
        NfCounters policy = counters(c.counters());
        NfCounters policyDelta = second == null ? null
            : NfCounters.delta(counters(later.get(chainKey(t.name(), c.name()))), policy);
        chains.add(new NfChain(t.name(), c.name(), c.policy(), policy, policyDelta, rules,
            SourceRef.line(first.file(), c.line())));
      }
      tables.add(new NfTable(t.name(), chains, SourceRef.line(first.file(), t.line())));
    }
    return new Netfilter(first.file(), backend, bothBackends, second != null, tables);
  }

  private static NfRule rule(String file, String table, String chain, int index, IptablesRule r, NfCounters counters,
      NfCounters delta) {
    List<NfMatch> matches = r.matches().stream().map(NetfilterConverter::match).toList();
    return new NfRule(table, chain, index, r.targetName(), r.target() != null && r.target().isGoto(),
        r.target() == null ? Map.of() : r.target().options(), matches, r.comment(), counters, delta, r.raw(),
        SourceRef.line(file, r.line()));
  }

  private static NfMatch match(IptablesMatch m) {
    return new NfMatch(m.module(), m.options(), m.negatedOptions());
  }

  private static Map<String, Counters> index(IptablesDump d) {
    Map<String, Counters> m = new HashMap<>();
    for (IptablesTable t : d.tables()) {
      for (IptablesChain c : t.chains()) {
        if (c.counters() != null) m.putIfAbsent(chainKey(t.name(), c.name()), c.counters());
        Map<String, Integer> rank = new HashMap<>();
        for (IptablesRule r : c.rules()) {
          int n = rank.merge(r.raw(), 1, Integer::sum);
          if (r.counters() != null) m.putIfAbsent(ruleKey(t.name(), c.name(), r.raw(), n), r.counters());
        }
      }
    }
    return m;
  }

  private static String chainKey(String table, String chain) {
    return table + '\u0000' + chain;
  }

  private static String ruleKey(String table, String chain, String raw, int rank) {
    return table + '\u0000' + chain + '\u0000' + rank + '\u0000' + raw;
  }

  private static NfCounters counters(Counters c) {
    return c == null ? null : new NfCounters(c.packets(), c.bytes(), c.exact());
  }

  /** Whether a dump holds any rule at all (a dump of the unused backend holds only empty built-in chains). */
  static boolean hasRules(IptablesDump d) {
    return d != null && !d.rules().isEmpty();
  }
}
