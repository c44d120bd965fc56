package dev.packetwalk.parse.iptables;

import java.util.List;
import java.util.Optional;

/**
 * One rule line ({@code -A}, {@code -I}, {@code -D}, {@code -R}) as written.
 *
 * @param command the command letter: {@code A} append, {@code I} insert, {@code D} delete, {@code R} replace
 * @param chain chain the rule belongs to
 * @param position rule number given to {@code -I}/{@code -D}/{@code -R}, or 0
 * @param matches matches in written order
 * @param target the target, or null for a rule without {@code -j}/{@code -g} (it only counts packets)
 * @param counters {@code [p:b]} prefix or {@code -c p b} option, or null when the dump had no counters
 * @param line 1-based line number in the file (for a reflowed one-line dump, the line number after reflow)
 * @param raw the rule text as written (without the counter prefix)
 */
public record IptablesRule(char command, String chain, int position, List<IptablesMatch> matches,
    IptablesTarget target, Counters counters, int line, String raw) {

  public IptablesRule {
    matches = List.copyOf(matches);
  }

  /** All matches of one module, in order (e.g. {@code "comment"}, {@code "statistic"}, {@code "source"}). */
  public List<IptablesMatch> matches(String module) {
    return matches.stream().filter(m -> m.module().equals(module)).toList();
  }

  /** The first match of a module that has an option, e.g. {@code match("tcp")}. */
  public Optional<IptablesMatch> match(String module) {
    return matches.stream().filter(m -> m.module().equals(module)).findFirst();
  }

  /** The {@code -m comment --comment} text, unquoted, or null. */
  public String comment() {
    return match("comment").map(m -> m.option("comment")).orElse(null);
  }

  /** Target name or null. */
  public String targetName() {
    return target == null ? null : target.name();
  }
}
