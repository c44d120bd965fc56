/**
 * The packet-path tracer's vocabulary: a {@link dev.packetwalk.trace.Flow} walked through the node dataplanes gives a
 * {@link dev.packetwalk.trace.Trace} of {@link dev.packetwalk.trace.Branch branches}, each a list of
 * {@link dev.packetwalk.trace.Hop hops} made of {@link dev.packetwalk.trace.Step steps} that cite their evidence, and
 * ending in a closed {@link dev.packetwalk.trace.Disposition}. The engines live in the sub-packages, one per stage:
 * {@code netfilter} (iptables and nftables), {@code ipvs}, {@code walk} (routing, pod namespaces, the walk itself),
 * {@code flows} (which flows to trace, and narrowing). They read only the neutral models.
 */
package dev.packetwalk.trace;
