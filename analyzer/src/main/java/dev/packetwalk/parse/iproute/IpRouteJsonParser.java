package dev.packetwalk.parse.iproute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code ip -j route show table all} into the same {@link IpRoute} records as {@link IpRouteParser}.
 *
 * <pre>
 * [{"dst":"10.50.0.0/16","flags":[],"nexthops":[{"gateway":"192.168.50.1","dev":"eth0","weight":1,"flags":[]}]},
 *  {"dst":"10.60.0.0/16","gateway":"192.168.60.1","dev":"eth1","prefsrc":"192.168.60.10","metrics":[{"mtu":1400}]}]
 * </pre>
 *
 * JSON names map to the text ones: {@code gateway}&rarr;via, {@code prefsrc}&rarr;src, {@code protocol}&rarr;proto,
 * {@code metrics[].mtu}&rarr;mtu. A missing {@code type} is {@code unicast}, a missing {@code table} is {@code main}.
 * Caveat: {@code ip -j} does not print {@code mtu lock}, so {@link IpRoute#mtuLock()} is always false here; {@code raw}
 * holds the JSON object.
 */
public final class IpRouteJsonParser {
  /** Bundle path (JSON form, v4 and v6 in one file when {@code ip -j route show table all} is run without -4). */
  public static final String PATH = "nodes/{node}/iproute/ip-route.json";

  private IpRouteJsonParser() {}

  public static Parsed<List<IpRoute>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpRoute> routes = new ArrayList<>();
    int idx = 0;
    for (JsonNode n : JsonText.array(file, text, warnings)) {
      idx++;
      String dst = JsonText.str(n, "dst");
      if (dst == null) {
        warnings.add(new ParseWarning(file, 0, ParseWarning.Kind.MALFORMED, "route #" + idx + " without dst",
            n.toString()));
        continue;
      }
      String type = n.has("type") ? JsonText.str(n, "type") : "unicast";
      String table = n.has("table") ? JsonText.str(n, "table") : "main";
      String via = JsonText.str(n, "gateway");
      if (via == null && n.path("via").isObject()) {
        via = JsonText.str(n.get("via"), "host");
      }
      Integer mtu = null;
      Map<String, String> options = new LinkedHashMap<>();
      for (JsonNode m : n.path("metrics")) {
        m.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
      }
      if (options.containsKey("mtu")) {
        mtu = Numbers.parseInt(options.remove("mtu"));
      }
      List<IpRoute.Nexthop> hops = new ArrayList<>();
      for (JsonNode h : n.path("nexthops")) {
        hops.add(new IpRoute.Nexthop(JsonText.str(h, "gateway"), JsonText.str(h, "dev"),
            JsonText.integer(h, "weight"), JsonText.strings(h, "flags")));
      }
      String pref = JsonText.str(n, "pref");
      Integer error = JsonText.integer(n, "error");
      int family = dst.indexOf(':') >= 0 || (via != null && via.indexOf(':') >= 0)
          || (dst.equals("default") && (pref != null || error != null)) ? 6 : 4;
      Long expires = JsonText.number(n, "expires");
      routes.add(new IpRoute(type, dst, IpRoute.normalise(dst, family), family, table, IpRoute.tableId(table), via,
          JsonText.str(n, "dev"), JsonText.str(n, "protocol"), JsonText.str(n, "scope"), JsonText.str(n, "prefsrc"),
          JsonText.number(n, "metric"), JsonText.strings(n, "flags"), pref, mtu, false, expires, error,
          JsonText.integer(n, "nhid"), hops, options, 0, n.toString()));
    }
    return new Parsed<>(List.copyOf(routes), warnings);
  }
}
