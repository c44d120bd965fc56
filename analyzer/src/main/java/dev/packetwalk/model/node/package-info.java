/**
 * The neutral model of one node's dataplane, converted once from the node evidence files by
 * {@code dev.packetwalk.build.node.NodeDataplaneBuilder}. Checks read only these records, never the parsers' output or
 * the files. Every element carries the {@link dev.packetwalk.model.SourceRef} of the line it came from, so a finding
 * can cite it. Lists keep file order, which is the kernel's order (rules, routes, chains).
 */
package dev.packetwalk.model.node;
