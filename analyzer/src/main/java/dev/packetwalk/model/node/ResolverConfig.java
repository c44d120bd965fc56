package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;
import java.util.Map;

/**
 * A resolv.conf (the node's, or a pod sandbox's).
 *
 * @param ref the file (line 1)
 * @param keywordRefs the last line of each keyword ({@code nameserver} → its first line, {@code search},
 *     {@code options}), for citing; empty when unknown
 */
public record ResolverConfig(List<String> nameservers, List<String> search, Map<String, String> options,
    SourceRef ref, Map<String, SourceRef> keywordRefs) {

  public ResolverConfig(List<String> nameservers, List<String> search, Map<String, String> options, SourceRef ref) {
    this(nameservers, search, options, ref, Map.of());
  }

  public ResolverConfig {
    nameservers = List.copyOf(nameservers);
    search = List.copyOf(search);
    options = Map.copyOf(options);
    keywordRefs = keywordRefs == null ? Map.of() : Map.copyOf(keywordRefs);
  }

  /** The line of a keyword ({@code nameserver}, {@code search}, {@code options}), else the file. */
  public SourceRef refOf(String keyword) {
    return keywordRefs.getOrDefault(keyword, ref);
  }
}
