package dev.packetwalk.parse.iproute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code ip -j rule} into {@link IpRule}s. JSON splits prefixes ({@code "dst":"10.0.0.0","dstlen":8}) and
 * prints {@code "not":null} for the inversion; both are folded back into the text spelling.
 *
 * <pre>
 * [{"priority":1025,"not":null,"src":"all","dst":"10.0.0.0","dstlen":8,"table":"main"}]
 * </pre>
 *
 * gives {@code IpRule[priority=1025, not=true, from=all, to=10.0.0.0/8, action=lookup, table=main]}.
 */
public final class IpRuleJsonParser {
  public static final String PATH = "nodes/{node}/iproute/ip-rule.json";

  private static final Set<String> KNOWN = Set.of("priority", "not", "src", "srclen", "dst", "dstlen", "fwmark",
      "fwmask", "iif", "oif", "table", "goto", "action", "suppress_prefixlen");

  private IpRuleJsonParser() {}

  public static Parsed<List<IpRule>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpRule> rules = new ArrayList<>();
    for (JsonNode n : JsonText.array(file, text, warnings)) {
      Integer prio = JsonText.integer(n, "priority");
      if (prio == null) {
        warnings.add(new ParseWarning(file, 0, ParseWarning.Kind.MALFORMED, "rule without priority", n.toString()));
        continue;
      }
      String table = JsonText.str(n, "table");
      Integer gotoPrio = JsonText.integer(n, "goto");
      String action = table != null ? "lookup" : gotoPrio != null ? "goto" : JsonText.str(n, "action");
      Map<String, String> options = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> {
        if (!KNOWN.contains(e.getKey())) {
          options.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        }
      });
      rules.add(new IpRule(prio, JsonText.present(n, "not"), prefix(n, "src", "srclen"), prefix(n, "dst", "dstlen"),
          JsonText.str(n, "fwmark"), JsonText.str(n, "fwmask"), JsonText.str(n, "iif"), JsonText.str(n, "oif"),
          action, table, table == null ? null : IpRoute.tableId(table), gotoPrio,
          JsonText.integer(n, "suppress_prefixlen"), options, 0, n.toString()));
    }
    return new Parsed<>(List.copyOf(rules), warnings);
  }

  private static String prefix(JsonNode n, String addr, String len) {
    String a = JsonText.str(n, addr);
    Integer l = JsonText.integer(n, len);
    return a == null ? null : l == null ? a : a + "/" + l;
  }
}
