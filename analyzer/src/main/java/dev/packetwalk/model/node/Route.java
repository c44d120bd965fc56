package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * One route of one table.
 *
 * @param tableId table number ({@code main} = 254, {@code local} = 255); -1 for a named table that cannot be mapped
 * @param table table name as printed
 * @param type {@code unicast}, {@code local}, {@code broadcast}, {@code blackhole}, {@code unreachable},
 *     {@code prohibit}, {@code throw}, ...
 * @param prefix destination as {@code addr/len} ({@code default} is {@code 0.0.0.0/0})
 * @param via gateway, or ""
 * @param dev output device, or ""
 * @param proto {@code kernel}, {@code bird}, {@code 80}, ... or ""
 * @param metric metric, 0 when not printed (the kernel's default)
 * @param onlink the gateway is reachable on {@code dev} without a covering connected route
 * @param nexthops ECMP legs; empty for a single-path route
 */
public record Route(int family, int tableId, String table, String type, String prefix, String via, String dev,
    String proto, String scope, String src, long metric, boolean onlink, List<Nexthop> nexthops, SourceRef ref) {

  public Route {
    via = via == null ? "" : via;
    dev = dev == null ? "" : dev;
    proto = proto == null ? "" : proto;
    scope = scope == null ? "" : scope;
    src = src == null ? "" : src;
    nexthops = List.copyOf(nexthops);
  }

  /** One ECMP leg. */
  public record Nexthop(String via, String dev, int weight, boolean onlink) {
    public Nexthop {
      via = via == null ? "" : via;
      dev = dev == null ? "" : dev;
    }
  }

  /** Every way out: the ECMP legs, or the single gateway/device. */
  public List<Nexthop> legs() {
    return nexthops.isEmpty() ? List.of(new Nexthop(via, dev, 1, onlink)) : nexthops;
  }

  /** Whether the route drops rather than forwards ({@code blackhole}, {@code unreachable}, {@code prohibit}). */
  public boolean rejects() {
    return type.equals("blackhole") || type.equals("unreachable") || type.equals("prohibit");
  }
}
