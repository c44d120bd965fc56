package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import java.util.List;

/**
 * One way a hook can end for a packet. A hook gives several when a rule chooses at random ({@code statistic},
 * {@code numgen}) or on state the evidence lacks ({@code recent}).
 *
 * @param probability the chance of this outcome given the input, NaN when unknown
 * @param choices the random choices taken, as a person would name them ({@code KUBE-SEP-ABC (p=0.5000)})
 * @param packet the packet after the hook (NAT, marks)
 * @param dnatted whether a DNAT was applied in this hook
 * @param ctmark the connection mark after the hook
 * @param steps the rules that acted, in order
 * @param disposition for DROP, REJECT and UNKNOWN, how a flow ending here is classified (kube-proxy's "no endpoints"
 *     REJECT, a policy chain, ...); null for ACCEPT
 * @param evidence the deciding rule's line, for DROP, REJECT and UNKNOWN
 */
public record FilterOutcome(double probability, List<String> choices, Packet packet, boolean dnatted, long ctmark,
    List<Step> steps, Fate fate, Disposition disposition, String reason, SourceRef evidence) {
  public FilterOutcome {
    choices = List.copyOf(choices);
    steps = List.copyOf(steps);
    reason = reason == null ? "" : reason;
    evidence = evidence == null ? SourceRef.NONE : evidence;
  }
}
