package dev.packetwalk.parse.iproute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code ip -j [-d] addr} into the same records as {@link IpAddrParser}.
 *
 * <pre>
 * [{"ifindex":2,"ifname":"eth0",...,"addr_info":[{"family":"inet","local":"192.168.50.11","prefixlen":24,
 *   "scope":"global","secondary":true,"label":"eth0:vip","valid_life_time":4294967295,...}]}]
 * </pre>
 *
 * gives {@code IpAddress[family=inet, local=192.168.50.11, prefixLength=24, flags=[secondary], label=eth0:vip,
 * validLft=forever]}. A point-to-point entry has the peer in {@code "address"}. Lifetime 4294967295 prints as
 * {@code forever}, others as {@code Nsec}, as the text does.
 */
public final class IpAddrJsonParser {
  /** Bundle path (JSON form, {@code ip -j -d addr}). */
  public static final String PATH = "nodes/{node}/iproute/ip-d-addr.json";

  private static final long FOREVER = 4294967295L;

  private IpAddrJsonParser() {}

  public static Parsed<List<IpAddrInterface>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpAddrInterface> out = new ArrayList<>();
    for (JsonNode n : JsonText.array(file, text, warnings)) {
      IpLink link = IpLinkJsonParser.link(n, file, warnings);
      if (link == null) {
        continue;
      }
      List<IpAddress> addrs = new ArrayList<>();
      for (JsonNode a : n.path("addr_info")) {
        String family = JsonText.str(a, "family");
        String local = JsonText.str(a, "local");
        if (family == null || local == null) {
          warnings.add(new ParseWarning(file, 0, ParseWarning.Kind.MALFORMED, "addr_info without family/local",
              a.toString()));
          continue;
        }
        List<String> flags = new ArrayList<>();
        for (String f : IpAddrParser.FLAGS) {
          if (a.path(f).asBoolean(false)) {
            flags.add(f);
          }
        }
        flags.sort(null); // JSON object order is not the text order; tests compare as sets
        Map<String, String> options = new LinkedHashMap<>();
        if (a.has("metric")) {
          options.put("metric", a.get("metric").asText());
        }
        if (a.has("protocol")) {
          options.put("proto", a.get("protocol").asText());
        }
        addrs.add(new IpAddress(family, local, JsonText.integer(a, "prefixlen"), JsonText.str(a, "address"),
            JsonText.str(a, "broadcast"), JsonText.str(a, "scope"), flags, JsonText.str(a, "label"),
            lifetime(JsonText.number(a, "valid_life_time")), lifetime(JsonText.number(a, "preferred_life_time")),
            options, 0));
      }
      out.add(new IpAddrInterface(link, addrs));
    }
    return new Parsed<>(List.copyOf(out), warnings);
  }

  private static String lifetime(Long v) {
    return v == null ? null : v == FOREVER ? "forever" : v + "sec";
  }
}
