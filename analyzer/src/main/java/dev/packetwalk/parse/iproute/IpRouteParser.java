package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code ip route show table all} and {@code ip -6 route show table all} text, old and new iproute2.
 *
 * <pre>
 * default via 10.6.0.1 dev ens3 proto dhcp src 10.6.3.201 metric 100
 * local 10.1.84.0 dev flannel.1 table local proto kernel scope host src 10.1.84.0
 * 2404:6800:4006:802::200e via fe80::a96:d7ff:fe38:d757 dev enp0s25  metric 0
 *     cache  mtu 1492 hoplimit 255
 * </pre>
 *
 * gives {@code IpRoute[type=unicast, dst=default, prefix=0.0.0.0/0, table=main, tableId=254, via=10.6.0.1, dev=ens3,
 * proto=dhcp, src=10.6.3.201, metric=100]}, a {@code local} route in table 255, and the v6 route whose {@code cache}
 * line is skipped with an UNSUPPORTED warning (route cache entries are not routes). Old iproute2's double spaces
 * are just blanks here. An unknown keyword stops reading that line: the rest stays in {@code raw} and is reported.
 */
public final class IpRouteParser {
  /** Bundle paths (text form). */
  public static final String PATH = "nodes/{node}/iproute/ip-route-table-all.txt";
  public static final String PATH_V6 = "nodes/{node}/iproute/ip-6-route-table-all.txt";

  static final Set<String> TYPES = Set.of("unicast", "local", "broadcast", "blackhole", "unreachable", "prohibit",
      "throw", "multicast", "anycast", "nat");
  static final Set<String> FLAGS = Set.of("onlink", "linkdown", "dead", "pervasive", "offload", "trap",
      "rt_offload", "rt_trap", "rt_offload_failed", "notify");
  /** Keywords with one value that have no field of their own. */
  static final Set<String> VALUED = Set.of("advmss", "hoplimit", "realms", "realm", "tos", "dsfield", "rtt", "rttvar",
      "reordering", "window", "cwnd", "initcwnd", "initrwnd", "ssthresh", "features", "quickack", "congctl",
      "rto_min", "fastopen_no_cookie", "from", "as", "ttl-propagate", "weight");

  private IpRouteParser() {}

  public static Parsed<List<IpRoute>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpRoute> routes = new ArrayList<>();
    String[] lines = Numbers.lines(text);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      if (Character.isWhitespace(line.charAt(0))) {
        String[] t = Numbers.tokens(line);
        if (t[0].equals("cache")) {
          warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNSUPPORTED,
              "route cache entry skipped (not a configured route)", line));
        } else if (t[0].equals("nexthop") && !routes.isEmpty()) {
          IpRoute prev = routes.remove(routes.size() - 1);
          List<IpRoute.Nexthop> hops = new ArrayList<>(prev.nexthops());
          hops.add(nexthop(t));
          routes.add(new IpRoute(prev.type(), prev.dst(), prev.prefix(), prev.family(), prev.table(),
              prev.tableId(), prev.via(), prev.dev(), prev.proto(), prev.scope(), prev.src(), prev.metric(),
              prev.flags(), prev.pref(), prev.mtu(), prev.mtuLock(), prev.expires(), prev.error(), prev.nhid(),
              hops, prev.options(), prev.line(), prev.raw() + "\n" + line));
        } else {
          warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED,
              "continuation line not understood", line));
        }
        continue;
      }
      IpRoute r = route(line, i + 1, file, warnings);
      if (r != null) {
        routes.add(r);
      }
    }
    return new Parsed<>(List.copyOf(routes), warnings);
  }

  static IpRoute route(String line, int lineNo, String file, List<ParseWarning> warnings) {
    String[] t = Numbers.tokens(line);
    int k = 0;
    String type = "unicast";
    if (TYPES.contains(t[0])) {
      type = t[k++];
    }
    if (k >= t.length) {
      warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.MALFORMED, "route without destination", line));
      return null;
    }
    String dst = t[k++];
    if (!dst.equals("default") && !looksLikeAddress(dst)) {
      warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.UNRECOGNIZED, "not a route line", line));
      return null;
    }
    String table = "main";
    String via = null;
    String dev = null;
    String proto = null;
    String scope = null;
    String src = null;
    Long metric = null;
    String pref = null;
    Integer mtu = null;
    boolean mtuLock = false;
    Long expires = null;
    Integer error = null;
    Integer nhid = null;
    List<String> flags = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    boolean v6hint = false;
    while (k < t.length) {
      String w = t[k];
      if (FLAGS.contains(w)) {
        flags.add(w);
        k++;
        continue;
      }
      if (k + 1 >= t.length) {
        warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.UNRECOGNIZED,
            "route keyword '" + w + "' without value", line));
        break;
      }
      String v = t[k + 1];
      k += 2;
      switch (w) {
        case "table" -> table = v;
        case "via" -> {
          if ((v.equals("inet") || v.equals("inet6")) && k < t.length) {
            v = t[k++]; // "via inet6 fe80::1": a gateway of the other family
          }
          via = v;
        }
        case "dev" -> dev = v;
        case "proto" -> proto = v;
        case "scope" -> scope = v;
        case "src" -> src = v;
        case "metric" -> metric = Numbers.parseLong(v);
        case "pref" -> {
          pref = v;
          v6hint = true;
        }
        case "mtu" -> {
          if (v.equals("lock") && k < t.length) {
            mtuLock = true;
            v = t[k++];
          }
          mtu = Numbers.parseInt(v);
        }
        case "expires" -> expires = Numbers.parseLong(v.endsWith("sec") ? v.substring(0, v.length() - 3) : v);
        case "error" -> {
          error = Numbers.parseInt(v);
          v6hint = true;
        }
        case "nhid" -> nhid = Numbers.parseInt(v);
        default -> {
          if (VALUED.contains(w)) {
            options.put(w, v);
          } else {
            warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.UNRECOGNIZED,
                "unknown route keyword '" + w + "'; rest of line kept raw only", line));
            k = t.length;
          }
        }
      }
    }
    int family = dst.indexOf(':') >= 0 || (via != null && via.indexOf(':') >= 0 && !dst.contains("."))
        || (dst.equals("default") && v6hint) ? 6 : 4;
    return new IpRoute(type, dst, IpRoute.normalise(dst, family), family, table, IpRoute.tableId(table), via, dev,
        proto, scope, src, metric, flags, pref, mtu, mtuLock, expires, error, nhid, List.of(), options, lineNo, line);
  }

  private static IpRoute.Nexthop nexthop(String[] t) {
    String via = null;
    String dev = null;
    Integer weight = null;
    List<String> flags = new ArrayList<>();
    for (int k = 1; k < t.length; k++) {
      switch (t[k]) {
        case "via" -> {
          via = k + 1 < t.length ? t[++k] : null;
          if (("inet".equals(via) || "inet6".equals(via)) && k + 1 < t.length) {
            via = t[++k];
          }
        }
        case "dev" -> dev = k + 1 < t.length ? t[++k] : null;
        case "weight" -> weight = k + 1 < t.length ? Numbers.parseInt(t[++k]) : null;
        default -> flags.add(t[k]);
      }
    }
    return new IpRoute.Nexthop(via, dev, weight, flags);
  }

  /** A prefix or address, v4 or v6: first character a hex digit or ':'. Cheap on purpose; no resolution here. */
  static boolean looksLikeAddress(String s) {
    char c = s.charAt(0);
    return Character.digit(c, 16) >= 0 || c == ':';
  }
}
