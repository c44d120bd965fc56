package dev.packetwalk.parse.iptables;

import java.util.List;
import java.util.Optional;

/**
 * One {@code *table ... COMMIT} block.
 *
 * @param name {@code raw}, {@code mangle}, {@code nat}, {@code filter}, {@code security} (others kept as written)
 * @param line line of the {@code *table} header
 * @param chains chains in declaration order (undeclared chains seen in rules come last)
 * @param deletedChains chains named by {@code -X} (kube-proxy deletes stale chains this way in a partial sync)
 * @param flushedChains chains named by {@code -F}
 * @param committed false if the block ended without {@code COMMIT} (a truncated dump)
 */
public record IptablesTable(String name, int line, List<IptablesChain> chains, List<String> deletedChains,
    List<String> flushedChains, boolean committed) {

  public IptablesTable {
    chains = List.copyOf(chains);
    deletedChains = List.copyOf(deletedChains);
    flushedChains = List.copyOf(flushedChains);
  }

  public Optional<IptablesChain> chain(String name) {
    return chains.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Chains whose name starts with a prefix, e.g. {@code "KUBE-SVC-"}. */
  public List<IptablesChain> chainsStartingWith(String prefix) {
    return chains.stream().filter(c -> c.name().startsWith(prefix)).toList();
  }

  /** All rules of all chains, in chain order. */
  public List<IptablesRule> rules() {
    return chains.stream().flatMap(c -> c.rules().stream()).toList();
  }
}
