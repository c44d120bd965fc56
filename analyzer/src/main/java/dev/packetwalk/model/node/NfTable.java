package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;
import java.util.Optional;

/** One iptables table ({@code filter}, {@code nat}, {@code mangle}, {@code raw}) with its chains. */
public record NfTable(String name, List<NfChain> chains, SourceRef ref) {
  public NfTable {
    chains = List.copyOf(chains);
  }

  public Optional<NfChain> chain(String name) {
    return chains.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public List<NfChain> chainsStartingWith(String prefix) {
    return chains.stream().filter(c -> c.name().startsWith(prefix)).toList();
  }

  public List<NfRule> rules() {
    return chains.stream().flatMap(c -> c.rules().stream()).toList();
  }
}
