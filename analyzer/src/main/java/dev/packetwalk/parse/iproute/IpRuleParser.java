package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code ip rule} and {@code ip -6 rule} text.
 *
 * <pre>
 * 0:	from all lookup local
 * 512:	from all to 10.244.1.5 lookup main
 * 2100:	from all iif eth1 lookup main suppress_prefixlength 0
 * </pre>
 *
 * gives {@code IpRule[priority=0, from=all, action=lookup, table=local, tableId=255]}, ... Unknown keywords are kept
 * in {@link IpRule#options()} with their following word and reported as UNRECOGNIZED.
 */
public final class IpRuleParser {
  public static final String PATH = "nodes/{node}/iproute/ip-rule.txt";
  public static final String PATH_V6 = "nodes/{node}/iproute/ip-6-rule.txt";

  static final Set<String> ACTIONS = Set.of("blackhole", "unreachable", "prohibit", "nop");
  static final Set<String> BARE = Set.of("l3mdev", "detached", "unresolved");
  static final Set<String> VALUED = Set.of("tos", "dsfield", "uidrange", "ipproto", "sport", "dport", "proto",
      "suppress_ifgroup", "realms", "nat", "map-to", "tun_id", "flowlabel");

  private IpRuleParser() {}

  public static Parsed<List<IpRule>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpRule> rules = new ArrayList<>();
    String[] lines = Numbers.lines(text);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      Integer prio = colon > 0 ? Numbers.parseInt(line.substring(0, colon).trim()) : null;
      if (prio == null) {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED, "not a rule line", line));
        continue;
      }
      rules.add(rule(prio, Numbers.tokens(line.substring(colon + 1)), i + 1, line, file, warnings));
    }
    return new Parsed<>(List.copyOf(rules), warnings);
  }

  private static IpRule rule(int prio, String[] t, int lineNo, String line, String file,
      List<ParseWarning> warnings) {
    boolean not = false;
    String from = null;
    String to = null;
    String fwmark = null;
    String fwmask = null;
    String iif = null;
    String oif = null;
    String action = null;
    String table = null;
    Integer gotoPrio = null;
    Integer suppress = null;
    Map<String, String> options = new LinkedHashMap<>();
    for (int k = 0; k < t.length; k++) {
      String w = t[k];
      String v = k + 1 < t.length ? t[k + 1] : null;
      if (w.equals("not")) {
        not = true;
      } else if (ACTIONS.contains(w)) {
        action = w;
      } else if (BARE.contains(w)) {
        options.put(w, "");
      } else if (v == null) {
        warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.UNRECOGNIZED,
            "rule keyword '" + w + "' without value", line));
      } else {
        k++;
        switch (w) {
          case "from" -> from = v;
          case "to" -> to = v;
          case "fwmark" -> {
            int s = v.indexOf('/');
            fwmark = s < 0 ? v : v.substring(0, s);
            fwmask = s < 0 ? null : v.substring(s + 1);
          }
          case "iif" -> iif = v;
          case "oif" -> oif = v;
          case "lookup", "table" -> {
            action = "lookup";
            table = v;
          }
          case "goto" -> {
            action = "goto";
            gotoPrio = Numbers.parseInt(v);
          }
          case "suppress_prefixlength" -> suppress = Numbers.parseInt(v);
          default -> {
            options.put(w, v);
            if (!VALUED.contains(w)) {
              warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.UNRECOGNIZED,
                  "unknown rule keyword '" + w + "' kept with value '" + v + "'", line));
            }
          }
        }
      }
    }
    return new IpRule(prio, not, from, to, fwmark, fwmask, iif, oif, action, table,
        table == null ? null : IpRoute.tableId(table), gotoPrio, suppress, options, lineNo, line);
  }
}
