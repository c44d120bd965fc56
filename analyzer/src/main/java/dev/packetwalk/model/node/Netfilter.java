package dev.packetwalk.model.node;

import java.util.List;
import java.util.Optional;

/**
 * The node's iptables rules as the tool in use saw them ({@code iptables-save -c}), with counter changes against a
 * second sample.
 *
 * @param file the dump the rules came from, or "" when the node has none
 * @param backend {@code nf_tables}, {@code legacy}, or {@code unknown}
 * @param bothBackendsHoldRules rules exist in both the legacy and the nf_tables backend: two rule sets that the kernel
 *     both applies but each tool shows only one of (the "iptables backend trap")
 * @param secondSample whether a second sample was read, so that {@link NfRule#delta()} is meaningful
 * @param backends the per-backend dumps ({@code iptables-legacy-save}, {@code iptables-nft-save}) when collected, each
 *     with its own rules, so that a split between backends can say who wrote where
 */
public record Netfilter(String file, String backend, boolean bothBackendsHoldRules, boolean secondSample,
    List<NfTable> tables, List<Backend> backends) {

  public static final Netfilter NONE = new Netfilter("", "unknown", false, false, List.of());

  public Netfilter {
    tables = List.copyOf(tables);
    backends = List.copyOf(backends);
  }

  public Netfilter(String file, String backend, boolean bothBackendsHoldRules, boolean secondSample,
      List<NfTable> tables) {
    this(file, backend, bothBackendsHoldRules, secondSample, tables, List.of());
  }

  /** One backend's own dump: {@code legacy} or {@code nf_tables}. */
  public record Backend(String name, String file, List<NfTable> tables) {
    public Backend {
      tables = List.copyOf(tables);
    }

    public List<NfRule> rules() {
      return tables.stream().flatMap(t -> t.rules().stream()).toList();
    }
  }

  /** The same rules with the per-backend dumps attached. */
  public Netfilter withBackends(List<Backend> b) {
    return new Netfilter(file, backend, bothBackendsHoldRules, secondSample, tables, b);
  }

  public boolean present() {
    return !file.isEmpty();
  }

  public Optional<NfTable> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<NfChain> chain(String table, String chain) {
    return table(table).flatMap(t -> t.chain(chain));
  }

  public List<NfRule> rules() {
    return tables.stream().flatMap(t -> t.rules().stream()).toList();
  }
}
