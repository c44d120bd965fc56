package dev.packetwalk.trace.netfilter;

import dev.packetwalk.parse.nft.NftElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set or map ready for lookups: exact keys in a hash index (kube-proxy's {@code service-ips} holds one element per
 * Service port, so a walk must not scan it per packet), intervals and wildcards scanned in order, the catch-all
 * {@code *} last, as nft consults it only when nothing else matched.
 */
final class NftSetIndex {

  private final List<NftSelector> selectors;
  private final Map<String, NftElement> exact = new HashMap<>();
  private final List<NftElement> scanned = new ArrayList<>();
  private NftElement catchAll;

  NftSetIndex(List<NftSelector> selectors, List<NftElement> elements) {
    this.selectors = List.copyOf(selectors);
    for (NftElement e : elements) {
      if (e.catchAll()) {
        if (catchAll == null) catchAll = e;
        continue;
      }
      String key = exactKey(e.key());
      if (key == null) scanned.add(e);
      else exact.putIfAbsent(key, e);
    }
  }

  /** The element the values select, or null when none does. */
  NftElement find(List<String> values) {
    List<String> canon = new ArrayList<>(values.size());
    for (int k = 0; k < values.size(); k++) canon.add(NftValues.canonical(selectors.get(k).kind, values.get(k)));
    NftElement hit = exact.get(String.join(" . ", canon));
    if (hit != null) return hit;
    for (NftElement e : scanned) {
      if (NftValues.elementMatches(selectors, values, e.key())) return e;
    }
    return catchAll;
  }

  /** The index key of an element whose every part is exact, or null (a prefix, range, wildcard, odd literal). */
  private String exactKey(List<String> key) {
    if (key.size() != selectors.size()) return null;
    List<String> parts = new ArrayList<>(key.size());
    for (int k = 0; k < key.size(); k++) {
      NftSelector.Kind kind = selectors.get(k).kind;
      if (!NftValues.exact(kind, key.get(k))) return null;
      try {
        parts.add(NftValues.canonical(kind, key.get(k)));
      } catch (NftValues.Unreadable | NumberFormatException e) {
        return null; // scanned, so that it is reported only if a lookup reaches it
      }
    }
    return String.join(" . ", parts);
  }
}
