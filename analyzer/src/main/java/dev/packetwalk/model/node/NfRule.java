package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One iptables rule, at its place in its chain.
 *
 * @param index 1-based position in the chain (what {@code iptables -L --line-numbers} prints)
 * @param target the {@code -j}/{@code -g} target or chain, or "" for a rule that only counts
 * @param targetOptions the target's options ({@code to-destination → [10.244.1.5:8080]})
 * @param comment the {@code --comment} text, or ""
 * @param counters counters of the first sample, or null when the dump had none
 * @param delta change of the counters in the second sample ({@code iptables-save.2.txt}), or null when there is no
 *     second sample or the rule is not in it
 * @param raw the rule as written, without counters
 */
public record NfRule(String table, String chain, int index, String target, boolean isGoto,
    Map<String, List<String>> targetOptions, List<NfMatch> matches, String comment, NfCounters counters,
    NfCounters delta, String raw, SourceRef ref) {

  public NfRule {
    target = target == null ? "" : target;
    targetOptions = Map.copyOf(targetOptions);
    matches = List.copyOf(matches);
    comment = comment == null ? "" : comment;
  }

  /** DROP or REJECT: the rule discards what it matches. */
  public boolean discards() {
    return target.equals("DROP") || target.equals("REJECT");
  }

  public String targetOption(String name) {
    List<String> v = targetOptions.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public Optional<NfMatch> match(String module) {
    return matches.stream().filter(m -> m.module().equals(module)).findFirst();
  }

  /** The value of a match option, e.g. {@code option("conntrack", "ctstate")}; null when absent. */
  public String option(String module, String name) {
    return matches.stream().filter(m -> m.module().equals(module) && m.options().containsKey(name))
        .map(m -> m.option(name)).findFirst().orElse(null);
  }

  /** {@code -s}, or null. */
  public String source() {
    return option("source", "source");
  }

  /** {@code -d}, or null. */
  public String destination() {
    return option("destination", "destination");
  }

  /** Packets counted, 0 when unknown. */
  public long packets() {
    return counters == null ? 0 : counters.packets();
  }

  /** Packets counted between the two samples, 0 when unknown. */
  public long packetDelta() {
    return delta == null ? 0 : delta.packets();
  }

  /** The rule as {@code iptables-save -c} prints it, for citing. */
  public String describe() {
    return (counters == null ? "" : counters + " ") + raw;
  }
}
