package dev.packetwalk.parse.iptables;

import java.util.List;
import java.util.Map;

/**
 * The {@code -j NAME} (jump) or {@code -g NAME} (goto) of a rule, with the options written after it, e.g.
 * {@code DNAT → {to-destination: [10.1.1.1:80]}}, {@code MARK → {set-xmark: [0x4000/0x4000]}},
 * {@code MASQUERADE → {random-fully: []}}.
 *
 * @param name target or chain name, as written
 * @param isGoto true for {@code -g}
 * @param options option name (without dashes) → values; flags have an empty list
 */
public record IptablesTarget(String name, boolean isGoto, Map<String, List<String>> options) {

  public IptablesTarget {
    options = OptionMap.copyOf(options); // immutable, insertion-ordered; the parser's own maps are not copied
  }

  /** First value of an option, or null. */
  public String option(String name) {
    List<String> v = options.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** True for the targets built into the kernel or provided by an extension, false for user chains. */
  public boolean isExtension() {
    return RuleLineParser.EXTENSION_TARGETS.contains(name);
  }
}
