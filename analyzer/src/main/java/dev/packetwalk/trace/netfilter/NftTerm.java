package dev.packetwalk.trace.netfilter;

import dev.packetwalk.parse.nft.NftElement;
import java.util.List;

/**
 * One piece of an nft rule as {@link NftRuleReader} understood it: a match, a statement or a verdict. A rule is a
 * list of terms evaluated left to right; the first false match ends the rule.
 */
sealed interface NftTerm {

  /**
   * {@code ip daddr . meta l4proto . th dport @set}, {@code ip saddr != 10.0.0.0/8}, {@code tcp dport { 80, 443 }}.
   *
   * @param op {@code ==}, {@code !=}, {@code <}, {@code >}, {@code <=}, {@code >=}
   * @param set the named set for {@code @name}, else null
   * @param values the literal or anonymous-set elements when {@code set} is null
   */
  record Match(List<NftSelector> selectors, String op, String set, List<NftElement> values) implements NftTerm {}

  /** {@code meta mark & 0x4000 == 0}, {@code mark and 0x4000 != 0x4000}, {@code ct mark & 0xff == 0x1}. */
  record MaskMatch(NftSelector selector, long mask, boolean negate, long value) implements NftTerm {}

  /** {@code fib daddr type local}, {@code fib saddr type != local}, {@code fib daddr type { local, broadcast }}. */
  record Fib(boolean source, boolean negate, List<String> types) implements NftTerm {}

  /** {@code … vmap @name} or {@code … vmap { k : verdict, … }}: the verdict of the matching element, if any. */
  record Vmap(List<NftSelector> selectors, String map, List<NftElement> elements) implements NftTerm {}

  /** {@code numgen random mod N [offset K] vmap { 0 : goto a, 1 : goto b }}: one branch per value. */
  record NumgenVmap(String mode, int mod, int offset, String map, List<NftElement> elements) implements NftTerm {}

  /**
   * {@code meta mark set meta mark | 0x4000}, {@code mark set mark xor 0x4000}, {@code ct mark set 0x1}.
   *
   * @param op {@code set} (replace), {@code or}, {@code xor}, {@code and}
   */
  record SetMark(boolean ct, String op, long value) implements NftTerm {}

  /**
   * A NAT statement. The target is a literal ({@code 10.180.0.1:80}, {@code [fd00::1]:80}) or a map lookup keyed by
   * selectors or by numgen.
   *
   * @param kind {@code dnat}, {@code snat}, {@code masquerade}, {@code redirect}
   * @param literal the literal target, or null for masquerade / a map lookup
   * @param keys the map lookup's key selectors (empty for a literal or a numgen key)
   * @param numgenMod for {@code numgen inc|random mod N map}, N; else 0
   */
  record Nat(String kind, String literal, List<NftSelector> keys, int numgenMod, String map,
      List<NftElement> elements) implements NftTerm {}

  /**
   * {@code accept}, {@code drop}, {@code reject [with …]}, {@code return}, {@code continue}, {@code jump X},
   * {@code goto X}.
   */
  record Verdict(String kind, String target, String detail) implements NftTerm {}

  /** A statement with no effect on the packet's path: counter, log, notrack, {@code update @set}. */
  record NoOp(String what) implements NftTerm {}

  /** Something this evaluator does not understand; reaching it ends the walk as UNKNOWN. */
  record Unknown(String reason) implements NftTerm {}
}
