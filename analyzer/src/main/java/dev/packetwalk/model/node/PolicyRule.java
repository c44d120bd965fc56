package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;

/**
 * One {@code ip rule}.
 *
 * @param from source selector ({@code all} or a prefix)
 * @param to destination selector, or "" for any
 * @param fwmark firewall mark selector as printed, or ""
 * @param iif input interface selector, or ""
 * @param oif output interface selector, or ""
 * @param action {@code lookup}, {@code goto}, {@code blackhole}, {@code unreachable}, {@code prohibit}, {@code nop}
 * @param tableId the table a {@code lookup} reads; -1 when the name cannot be mapped
 * @param gotoPriority the target of {@code goto}, or -1
 * @param suppressPrefixLength {@code suppress_prefixlength}, or -1
 */
public record PolicyRule(int family, int priority, boolean not, String from, String to, String fwmark, String iif,
    String oif, String action, int tableId, String table, int gotoPriority, int suppressPrefixLength, SourceRef ref) {

  public PolicyRule {
    from = from == null || from.isEmpty() ? "all" : from;
    to = to == null ? "" : to;
    fwmark = fwmark == null ? "" : fwmark;
    iif = iif == null ? "" : iif;
    oif = oif == null ? "" : oif;
    table = table == null ? "" : table;
  }
}
