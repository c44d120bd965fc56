package dev.packetwalk.parse.iproute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code ip -j [-s] neigh} into {@link IpNeighbour}s.
 *
 * <pre>
 * [{"dst":"192.168.50.5","dev":"eth0","lladdr":"02:00:00:00:00:05","router":null,"state":["REACHABLE"]}]
 * </pre>
 *
 * ({@code "router":null} means the flag is set.) With {@code -s}, {@code used}/{@code confirmed}/{@code updated} are
 * joined as the text prints them.
 */
public final class IpNeighJsonParser {
  public static final String PATH = "nodes/{node}/iproute/ip-neigh.json";

  private IpNeighJsonParser() {}

  public static Parsed<List<IpNeighbour>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpNeighbour> out = new ArrayList<>();
    for (JsonNode n : JsonText.array(file, text, warnings)) {
      String dst = JsonText.str(n, "dst");
      if (dst == null) {
        warnings.add(new ParseWarning(file, 0, ParseWarning.Kind.MALFORMED, "neighbour without dst", n.toString()));
        continue;
      }
      String used = n.has("used") ? n.get("used").asText() + "/" + n.path("confirmed").asText() + "/"
          + n.path("updated").asText() : null;
      List<String> flags = new ArrayList<>();
      for (String f : IpNeighParser.FLAGS) {
        if (n.has(f)) {
          flags.add(f);
        }
      }
      out.add(new IpNeighbour(dst, JsonText.str(n, "dev"), JsonText.str(n, "lladdr"), JsonText.present(n, "router"),
          JsonText.present(n, "proxy"), JsonText.strings(n, "state"), flags, JsonText.integer(n, "refcnt"), used,
          JsonText.integer(n, "probes"), 0));
    }
    return new Parsed<>(List.copyOf(out), warnings);
  }
}
