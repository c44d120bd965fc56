package dev.packetwalk.parse.ipset;

import dev.packetwalk.parse.ParseWarning;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an {@code ipset list} file says.
 *
 * @param sets sets in file order
 * @param warnings lines not understood
 */
public record IpsetList(String file, List<IpSet> sets, List<ParseWarning> warnings) {

  public IpsetList {
    sets = List.copyOf(sets);
    warnings = List.copyOf(warnings);
  }

  public Optional<IpSet> set(String name) {
    return sets.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * One set.
   *
   * @param type {@code hash:ip,port}, {@code bitmap:port}, {@code list:set}, ...
   * @param header the {@code Header:} line split into options ({@code family → inet}, {@code timeout → 300},
   *     flags such as {@code comment} map to "")
   * @param references kernel references (rules using the set), or -1 if absent
   * @param declaredEntries {@code Number of entries:}, or -1 if absent (older ipset omits it)
   * @param members members in order
   * @param listed whether a {@code Members:} line was printed ({@code ipset list -terse} prints none)
   */
  public record IpSet(String name, String type, int revision, Map<String, String> header, long sizeInMemory,
      int references, int declaredEntries, List<Member> members, int line, boolean listed) {
    public IpSet {
      header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
      members = List.copyOf(members);
    }

    /**
     * Whether every member was printed: as many as the set declares; without a count (older ipset), whether the
     * members were listed at all.
     */
    public boolean complete() {
      return declaredEntries >= 0 ? declaredEntries == members.size() : listed;
    }
  }

  /**
   * One member line, e.g. {@code 10.96.0.10,udp:53} or {@code fd00::/64 timeout 100 comment "x"}.
   *
   * @param entry the element itself (first word), with its parts split on ',' in {@code parts}
   * @param options per-member options ({@code timeout}, {@code packets}, {@code bytes}, {@code comment}, {@code
   *     skbmark}, {@code nomatch} → "")
   */
  public record Member(String entry, List<String> parts, Map<String, String> options, int line) {
    public Member {
      parts = List.copyOf(parts);
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }
}
