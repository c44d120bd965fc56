package dev.packetwalk.parse.iproute;

import java.util.List;
import java.util.Map;

/**
 * One route of {@code ip route show table all} (v4 or v6), with its ECMP {@code nexthop} continuation lines.
 *
 * <pre>
 * 10.1.7.0/24 via 10.1.7.0 dev flannel.1 onlink
 * throw 30.142.64.0/26  table red_mgmt
 * 10.50.0.0/16
 * 	nexthop via 192.168.50.1 dev eth0 weight 1
 * </pre>
 *
 * @param type {@code unicast} (also when not printed), {@code local}, {@code broadcast}, {@code blackhole},
 *     {@code unreachable}, {@code prohibit}, {@code throw}, {@code multicast}, {@code anycast}, {@code nat}
 * @param dst destination as printed: {@code default}, a prefix, or a bare address
 * @param prefix the destination normalised to {@code addr/len} ({@code default} is {@code 0.0.0.0/0} or
 *     {@code ::/0}; a bare address is {@code /32} or {@code /128})
 * @param family 4 or 6 (from the addresses; a v6-only keyword such as {@code pref} decides for {@code default})
 * @param table table as printed ({@code main} when not printed, which is how iproute2 hides it)
 * @param tableId the number: {@code local}=255, {@code main}=254, {@code default}=253, {@code unspec}=0, or the
 *     number printed; null for names from rt_tables that the snapshot does not map
 * @param via gateway, or null
 * @param dev output device, or null
 * @param proto {@code kernel}, {@code boot}, {@code static}, {@code dhcp}, {@code bird}, {@code 80}, ... or null
 * @param scope {@code link}, {@code host}, {@code global}, ... or null
 * @param src preferred source, or null
 * @param metric metric, or null
 * @param flags {@code onlink}, {@code linkdown}, {@code dead}, {@code pervasive}, {@code offload}, ...
 * @param pref v6 router preference, or null
 * @param mtu route MTU, or null
 * @param mtuLock true for {@code mtu lock N}
 * @param expires seconds from {@code expires Nsec}, or null
 * @param error the {@code error} value of old v6 unreachable routes, or null
 * @param nhid nexthop object id, or null
 * @param nexthops ECMP legs, empty for a single-path route
 * @param options other keywords with their values ({@code advmss}, {@code hoplimit}, {@code realms}, ...)
 * @param line 1-based line number
 * @param raw the route's line(s) as printed
 */
public record IpRoute(
    String type,
    String dst,
    String prefix,
    int family,
    String table,
    Integer tableId,
    String via,
    String dev,
    String proto,
    String scope,
    String src,
    Long metric,
    List<String> flags,
    String pref,
    Integer mtu,
    boolean mtuLock,
    Long expires,
    Integer error,
    Integer nhid,
    List<Nexthop> nexthops,
    Map<String, String> options,
    int line,
    String raw) {

  public IpRoute {
    flags = List.copyOf(flags);
    nexthops = List.copyOf(nexthops);
    options = Map.copyOf(options);
  }

  public boolean hasFlag(String flag) {
    return flags.contains(flag);
  }

  /** One ECMP leg: {@code nexthop via 192.168.50.1 dev eth0 weight 1 [onlink]}. */
  public record Nexthop(String via, String dev, Integer weight, List<String> flags) {
    public Nexthop {
      flags = List.copyOf(flags);
    }
  }

  /** iproute2's reserved table names ({@code /etc/iproute2/rt_tables}). */
  static Integer tableId(String table) {
    return switch (table) {
      case "local" -> 255;
      case "main" -> 254;
      case "default" -> 253;
      case "unspec" -> 0;
      default -> Numbers.parseInt(table);
    };
  }

  static String normalise(String dst, int family) {
    if (dst.equals("default")) {
      return family == 6 ? "::/0" : "0.0.0.0/0";
    }
    if (dst.indexOf('/') >= 0) {
      return dst;
    }
    return dst + (dst.indexOf(':') >= 0 ? "/128" : "/32");
  }
}
