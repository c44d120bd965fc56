package dev.packetwalk.parse.iproute;

import java.util.List;
import java.util.Map;

/**
 * One {@code inet}/{@code inet6} line of {@code ip addr} with its {@code valid_lft} line.
 *
 * <pre>
 *     inet 10.6.3.201/16 brd 10.6.255.255 scope global dynamic ens3
 *        valid_lft 84872sec preferred_lft 84872sec
 *     inet 192.168.112.5 peer 192.168.122.6/32 scope global ip.tun2
 * </pre>
 *
 * @param family {@code inet} or {@code inet6}
 * @param local the interface's own address, without prefix
 * @param prefixLength the prefix printed after the address (or after the peer on point-to-point lines), or null
 * @param peer the {@code peer} address of a point-to-point line, without prefix, or null
 * @param broadcast {@code brd}, or null
 * @param scope {@code host}, {@code link}, {@code global}, ... or null
 * @param flags {@code secondary}, {@code dynamic}, {@code noprefixroute}, {@code mngtmpaddr}, {@code nodad}, ...
 * @param label the {@code inet} label ({@code eth0:vip}); null for inet6, which prints none
 * @param validLft {@code forever} or {@code Nsec}, or null when not printed
 * @param preferredLft {@code forever} or {@code Nsec}, or null
 * @param options other keyword values ({@code metric}, {@code proto}), as printed
 * @param line 1-based line number
 */
public record IpAddress(
    String family,
    String local,
    Integer prefixLength,
    String peer,
    String broadcast,
    String scope,
    List<String> flags,
    String label,
    String validLft,
    String preferredLft,
    Map<String, String> options,
    int line) {

  public IpAddress {
    flags = List.copyOf(flags);
    options = Map.copyOf(options);
  }

  /** {@code local/prefix}, or just {@code local} when no prefix was printed. */
  public String cidr() {
    return prefixLength == null ? local : local + "/" + prefixLength;
  }

  public boolean hasFlag(String flag) {
    return flags.contains(flag);
  }
}
