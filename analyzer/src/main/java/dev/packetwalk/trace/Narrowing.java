package dev.packetwalk.trace;

import java.util.List;

/**
 * What an expert does with a broken path (seed 000): trace variants of it and see which still fail. A variant that
 * works where the original fails clears whatever it left out.
 *
 * @param variants the variants tried, in the order an expert would
 * @param conclusion the first failing component and why, in one sentence
 */
public record Narrowing(List<Variant> variants, Component firstFailing, String conclusion) {
  public Narrowing {
    variants = List.copyOf(variants);
  }

  /**
   * One variant.
   *
   * @param name {@code pod IP instead of ClusterIP}, {@code from the node}, {@code from a pod on the same node},
   *     {@code without NetworkPolicy}
   * @param breakAt the first break of the variant, or null when it worked or could not be built
   * @param note why the variant could not be built, or ""
   */
  public record Variant(String name, Flow flow, Verdict verdict, BreakAt breakAt, String note) {}
}
