package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;
import java.util.Map;

/** A resolv.conf (the node's, or a pod sandbox's). */
public record ResolverConfig(List<String> nameservers, List<String> search, Map<String, String> options,
    SourceRef ref) {
  public ResolverConfig {
    nameservers = List.copyOf(nameservers);
    search = List.copyOf(search);
    options = Map.copyOf(options);
  }
}
