package dev.packetwalk.parse.nft;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set or map.
 *
 * @param map true for {@code map} (elements have values), false for {@code set}
 * @param keyType key type as written: {@code ipv4_addr . inet_proto . inet_service}; for {@code typeof} the
 *     expression ({@code ip daddr . th dport})
 * @param typeof true if declared with {@code typeof}
 * @param dataType for maps, the value type ({@code verdict}, {@code ipv4_addr}, {@code ct helper}), else null
 * @param flags {@code interval}, {@code timeout}, {@code dynamic}, {@code constant}
 * @param attributes other declarations kept as written: {@code timeout}, {@code gc-interval}, {@code size},
 *     {@code policy}, {@code auto-merge} (empty value), {@code counter}
 */
public record NftSet(String name, boolean map, String keyType, boolean typeof, String dataType, List<String> flags,
    String comment, Map<String, String> attributes, List<NftElement> elements, int line) {

  public NftSet {
    flags = List.copyOf(flags);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    elements = List.copyOf(elements);
  }
}
