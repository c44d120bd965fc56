/**
 * Faithful records of what {@code iptables-save}, {@code ip6tables-save}, kube-proxy's {@code iptables-restore} input
 * and {@code iptables -t TABLE -nvL} print: tables, chains, rules, matches and targets, exactly as the tool names
 * them. Nothing here interprets a rule (that is the neutral dataplane model's job); the records only keep every
 * token, in order, with the line it came from, so that a later stage can explain a verdict by pointing at the text.
 *
 * <p>Parsers never throw on bad input: unknown or malformed lines become {@link dev.packetwalk.parse.ParseWarning}s
 * that carry the raw text.
 */
package dev.packetwalk.parse.iptables;
