package dev.packetwalk.parse.nft;

import java.util.List;

/**
 * One rule: the raw statement text plus what could be read from it. A field is null (or empty) when the rule has no
 * such statement, or when it was written in a form this parser does not read; the text always holds the truth.
 *
 * @param text rule as written (for JSON input: the rule's {@code expr} array as JSON)
 * @param chain chain name
 * @param handle rule handle from {@code -a}/JSON, or -1
 * @param counter {@code counter packets N bytes M}, or null
 * @param verdict final verdict, or null (e.g. a rule that only counts, or ends in a verdict map)
 * @param vmap verdict map lookup ({@code vmap @service-ips} / inline {@code vmap { 0 : goto a, 1 : goto b }}), or null
 * @param numgen {@code numgen random mod N}, or null
 * @param nat {@code dnat to …} / {@code snat} / {@code masquerade} / {@code redirect}, or null
 * @param setReferences every {@code @set} named in the rule, in order
 * @param ctStates states of a {@code ct state …} match, in order
 * @param comment rule comment, or null
 */
public record NftRule(String text, String chain, long handle, Counter counter, Verdict verdict, Vmap vmap,
    Numgen numgen, Nat nat, List<String> setReferences, List<String> ctStates, String comment, int line) {

  public NftRule {
    setReferences = List.copyOf(setReferences);
    ctStates = List.copyOf(ctStates);
  }

  public record Counter(long packets, long bytes) {}

  /**
   * @param kind {@code accept}, {@code drop}, {@code reject}, {@code return}, {@code continue}, {@code queue},
   *     {@code jump}, {@code goto}
   * @param target chain for jump/goto (null for an anonymous {@code jump { … }} chain), else null
   */
  public record Verdict(String kind, String target) {}

  /**
   * @param setReference the named map for {@code vmap @name}, else null
   * @param elements inline elements for {@code vmap { … }}, else empty
   */
  public record Vmap(String setReference, List<NftElement> elements) {
    public Vmap {
      elements = List.copyOf(elements);
    }
  }

  /** @param mode {@code random} or {@code inc} */
  public record Numgen(String mode, int mod, int offset) {}

  /**
   * @param kind {@code dnat}, {@code snat}, {@code masquerade}, {@code redirect}
   * @param to the address/port expression as written ({@code 10.180.0.1:80}, {@code ip daddr map @x}), or null
   * @param flags {@code fully-random}, {@code persistent}, ...
   */
  public record Nat(String kind, String to, List<String> flags) {
    public Nat {
      flags = List.copyOf(flags);
    }
  }
}
