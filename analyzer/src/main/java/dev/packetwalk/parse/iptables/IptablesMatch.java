package dev.packetwalk.parse.iptables;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One match of a rule, in the order written. Explicit matches come from {@code -m name}; implicit ones from the
 * built-in flags, named by their long option: {@code -s} → {@code source}, {@code -d} → {@code destination},
 * {@code -p} → {@code protocol}, {@code -i} → {@code in-interface}, {@code -o} → {@code out-interface},
 * {@code -f} → {@code fragment}. When {@code -p tcp --dport 80} is written without {@code -m tcp}, iptables loads the
 * {@code tcp} module implicitly; that appears here as module {@code tcp} with {@code implicit = true}.
 *
 * @param module module name ({@code comment}, {@code tcp}, {@code conntrack}, ...) or implicit flag's long name
 * @param implicit true for built-in flags and implicitly loaded protocol modules
 * @param options option name (without dashes) → values in order; a flag option has an empty list. For implicit
 *     flags the single option has the match's own name ({@code source → [10.0.0.0/8]}).
 * @param negatedOptions names of options preceded (or, old style, followed) by {@code !}
 */
public record IptablesMatch(String module, boolean implicit, Map<String, List<String>> options,
    Set<String> negatedOptions) {

  public IptablesMatch {
    options = OptionMap.copyOf(options); // immutable, insertion-ordered; the parser's own maps are not copied
    negatedOptions = Set.copyOf(negatedOptions);
  }

  /** True if any option of this match is negated. */
  public boolean negated() {
    return !negatedOptions.isEmpty();
  }

  /** First value of an option, or null. */
  public String option(String name) {
    List<String> v = options.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public boolean has(String name) {
    return options.containsKey(name);
  }
}
