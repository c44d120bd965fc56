package dev.packetwalk.trace;

import java.util.List;

/**
 * One way a flow can go: kube-proxy's random endpoint choice, IPVS scheduling and ECMP each fan a flow out into
 * branches.
 *
 * @param probability the chance of this branch, or {@link Double#NaN} when the evidence cannot say (session
 *     affinity, a {@code recent} match)
 * @param choices the choices that led here, in order ({@code KUBE-SEP-… (p=0.5)}), for a person to tell branches apart
 * @param hops request hops, then reply hops
 * @param breakAt where it failed, or null when it succeeded
 */
public record Branch(double probability, List<String> choices, Disposition disposition, List<Hop> hops,
    BreakAt breakAt) {
  public Branch {
    choices = List.copyOf(choices);
    hops = List.copyOf(hops);
  }

  public boolean probabilityKnown() {
    return !Double.isNaN(probability);
  }
}
