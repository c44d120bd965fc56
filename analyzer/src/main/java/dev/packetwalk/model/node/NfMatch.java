package dev.packetwalk.model.node;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One match of a rule: {@code -m conntrack --ctstate RELATED,ESTABLISHED}, or a built-in flag named by its long
 * option ({@code source}, {@code destination}, {@code protocol}, {@code in-interface}, {@code out-interface}).
 *
 * @param options option name (no dashes) → values in order
 * @param negated names of options written with {@code !}
 */
public record NfMatch(String module, Map<String, List<String>> options, Set<String> negated) {
  public NfMatch {
    options = Map.copyOf(options);
    negated = Set.copyOf(negated);
  }

  public String option(String name) {
    List<String> v = options.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public boolean negated(String name) {
    return negated.contains(name);
  }
}
