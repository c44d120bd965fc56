/**
 * Faithful records of an nftables ruleset as {@code nft list ruleset}, {@code nft -j list ruleset} and the
 * {@code nft -f} transaction syntax (kube-proxy's knftables: {@code add table/chain/rule/element}) describe it:
 * tables with family, base chains with type/hook/priority/policy, rules kept as raw text with best-effort structure
 * (counter, verdict, verdict maps, set references, numgen, NAT, ct state, comment), sets and maps with their
 * elements, and named stateful objects kept generically. All three sources yield the same records.
 */
package dev.packetwalk.parse.nft;
