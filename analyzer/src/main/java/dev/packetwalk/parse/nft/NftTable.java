package dev.packetwalk.parse.nft;

import java.util.List;
import java.util.Optional;

/**
 * {@code table FAMILY NAME { ... }}.
 *
 * @param family {@code ip}, {@code ip6}, {@code inet}, {@code arp}, {@code bridge}, {@code netdev}
 * @param comment table comment ({@code "rules for kube-proxy"}), or null
 * @param flags table flags ({@code dormant}, {@code owner}, ...)
 * @param sets sets and maps in order
 * @param objects named stateful objects (ct helper/timeout/expectation, counter, quota, limit, ...)
 */
public record NftTable(String family, String name, String comment, List<String> flags, List<NftChain> chains,
    List<NftSet> sets, List<NftObject> objects, int line) {

  public NftTable {
    flags = List.copyOf(flags);
    chains = List.copyOf(chains);
    sets = List.copyOf(sets);
    objects = List.copyOf(objects);
  }

  public Optional<NftChain> chain(String name) {
    return chains.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public Optional<NftSet> set(String name) {
    return sets.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
