package dev.packetwalk.parse.iproute;

import java.util.Map;

/**
 * One policy rule of {@code ip rule} / {@code ip -6 rule}.
 *
 * <pre>
 * 1025:	not from all to 10.0.0.0/8 lookup main
 * 2000:	from all fwmark 0x4000/0x4000 lookup 100
 * 2200:	from 10.66.0.0/16 blackhole
 * </pre>
 *
 * @param priority the number before the colon
 * @param not the {@code not} selector inversion
 * @param from source selector as printed ({@code all} or a prefix)
 * @param to destination selector, or null
 * @param fwmark firewall mark, or null
 * @param fwmask mark mask (after the {@code /}), or null
 * @param iif input interface, or null
 * @param oif output interface, or null
 * @param action {@code lookup}, {@code goto}, {@code blackhole}, {@code unreachable}, {@code prohibit}, {@code nop}
 * @param table the {@code lookup} table as printed, or null
 * @param tableId the table number ({@code local}=255, {@code main}=254, {@code default}=253), null for other names
 * @param gotoPriority the {@code goto} target, or null
 * @param suppressPrefixLength {@code suppress_prefixlength}, or null
 * @param options every other keyword ({@code tos}, {@code uidrange}, {@code l3mdev}, {@code ipproto},
 *     {@code sport}, {@code dport}, {@code proto}, {@code suppress_ifgroup}, {@code realms}, ...) as printed;
 *     bare words such as {@code l3mdev} map to an empty value
 * @param line 1-based line number (0 for JSON)
 * @param raw the line or JSON object
 */
public record IpRule(
    int priority,
    boolean not,
    String from,
    String to,
    String fwmark,
    String fwmask,
    String iif,
    String oif,
    String action,
    String table,
    Integer tableId,
    Integer gotoPriority,
    Integer suppressPrefixLength,
    Map<String, String> options,
    int line,
    String raw) {

  public IpRule {
    options = Map.copyOf(options);
  }
}
