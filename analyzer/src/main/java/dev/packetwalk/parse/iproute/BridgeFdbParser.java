package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code bridge fdb show} text, with or without {@code -s -d}.
 *
 * <pre>
 * 01:00:5e:00:00:01 dev ens3 self permanent
 * 46:af:62:75:ec:ee dev flannel.1 dst 10.6.1.235 used 5/1004 self permanent
 * </pre>
 *
 * gives {@code BridgeFdbEntry[mac=46:af:62:75:ec:ee, dev=flannel.1, dst=10.6.1.235, flags=[self], state=permanent,
 * used=5, updated=1004]}.
 */
public final class BridgeFdbParser {
  public static final String PATH = "nodes/{node}/iproute/bridge-fdb.txt";

  static final Set<String> STATES = Set.of("permanent", "static", "dynamic");
  static final Set<String> FLAGS = Set.of("self", "extern_learn", "offload", "router", "sticky", "locked",
      "blackhole", "added_by_user");
  static final Set<String> VALUED = Set.of("port", "vni", "via", "src_vni", "nhid", "ifindex");

  private BridgeFdbParser() {}

  public static Parsed<List<BridgeFdbEntry>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<BridgeFdbEntry> out = new ArrayList<>();
    String[] lines = Numbers.lines(text);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      String[] t = Numbers.tokens(line);
      if (t[0].length() != 17 || t[0].charAt(2) != ':') {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED, "not an FDB line", line));
        continue;
      }
      String dev = null;
      String dst = null;
      Integer vlan = null;
      String master = null;
      String state = "dynamic";
      Long used = null;
      Long updated = null;
      List<String> flags = new ArrayList<>();
      Map<String, String> options = new LinkedHashMap<>();
      for (int k = 1; k < t.length; k++) {
        String w = t[k];
        String v = k + 1 < t.length ? t[k + 1] : null;
        if (STATES.contains(w)) {
          state = w;
        } else if (FLAGS.contains(w)) {
          flags.add(w);
        } else if (v == null) {
          warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED,
              "unknown FDB word '" + w + "'", line));
        } else {
          k++;
          switch (w) {
            case "dev" -> dev = v;
            case "dst" -> dst = v;
            case "vlan" -> vlan = Numbers.parseInt(v);
            case "master" -> master = v;
            case "used" -> {
              int s = v.indexOf('/');
              used = Numbers.parseLong(s < 0 ? v : v.substring(0, s));
              updated = s < 0 ? null : Numbers.parseLong(v.substring(s + 1));
            }
            default -> {
              options.put(w, v);
              if (!VALUED.contains(w)) {
                warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED,
                    "unknown FDB keyword '" + w + "' kept with value '" + v + "'", line));
              }
            }
          }
        }
      }
      out.add(new BridgeFdbEntry(t[0], dev, dst, vlan, master, flags, state, used, updated, options, i + 1));
    }
    return new Parsed<>(List.copyOf(out), warnings);
  }
}
