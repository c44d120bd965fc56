package dev.packetwalk.parse.iptables;

import dev.packetwalk.parse.ParseWarning;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code iptables -t TABLE -nvL} (and {@code ip6tables}) prints: the human list format that sos reports collect.
 * Less exact than {@code iptables-save}: counters may be rounded (K/M/G), and matches are rendered as free text.
 *
 * @param file bundle path
 * @param table table name from the file name or the caller, or null if unknown
 * @param chains chains in file order
 * @param warnings lines not understood
 */
public record IptablesListing(String file, String table, List<Chain> chains, List<ParseWarning> warnings) {

  public IptablesListing {
    chains = List.copyOf(chains);
    warnings = List.copyOf(warnings);
  }

  public Optional<Chain> chain(String name) {
    return chains.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * {@code Chain X (policy ACCEPT 0 packets, 0 bytes)} or {@code Chain X (2 references)}.
   *
   * @param policy policy for built-in chains, else null
   * @param policyCounters policy counters, else null
   * @param references reference count of a user chain, or -1
   */
  public record Chain(String name, String policy, Counters policyCounters, int references, int line,
      List<Row> rows) {
    public Chain {
      rows = List.copyOf(rows);
    }
  }

  /**
   * One rule row. Address and interface columns keep a leading {@code !} when negated.
   *
   * @param target target or chain, or "" when the rule has none
   * @param prot protocol name or number ({@code all}, {@code tcp}, {@code 6})
   * @param opt the opt column ({@code --}, {@code -f}); "" in ip6tables output, which leaves it blank
   * @param tail the free text after the destination column, verbatim
   * @param details best-effort fields read from the tail: {@code comment}, {@code dpt}, {@code spt}, {@code dpts},
   *     {@code spts}, {@code multiport dports}, {@code multiport sports}, {@code ctstate}, {@code state},
   *     {@code mark match}, {@code to} (DNAT/SNAT), {@code probability}, {@code dst-type}, {@code src-type},
   *     {@code match-set}; a value starts with {@code "! "} when the list shows the match negated
   */
  public record Row(Counters counters, String target, String prot, String opt, String in, String out,
      String source, String destination, String tail, Map<String, String> details, int line, String raw) {
    public Row {
      details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public String detail(String key) {
      return details.get(key);
    }
  }
}
