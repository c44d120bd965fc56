package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Parses {@code bridge link} and {@code bridge -d link} text into {@link BridgePort}s (sample in that record). The
 * header has the {@code ip link} shape, so the same header pattern is used; every later {@code key value} pair, on
 * the header or the indented {@code -d} line, goes to {@link BridgePort#options()}.
 */
public final class BridgeLinkParser {
  public static final String PATH = "nodes/{node}/iproute/bridge-d-link.txt";

  private BridgeLinkParser() {}

  public static Parsed<List<BridgePort>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<BridgePort> out = new ArrayList<>();
    String[] lines = Numbers.lines(text);
    Object[] cur = null; // ifindex, name, suffix, flags, line, options
    Map<String, String> options = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      Matcher m = LinkText.HEADER.matcher(line);
      if (m.matches()) {
        if (cur != null) {
          out.add(port(cur, options));
        }
        options = new LinkedHashMap<>();
        cur = new Object[] {Integer.parseInt(m.group(1)), m.group(2), m.group(3),
            m.group(4).isEmpty() ? List.of() : List.of(m.group(4).split(",")), i + 1};
        pairs(Numbers.tokens(m.group(5)), options, file, i + 1, line, warnings);
      } else if (cur != null && Character.isWhitespace(line.charAt(0))) {
        pairs(Numbers.tokens(line), options, file, i + 1, line, warnings);
      } else {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED, "not a bridge link line", line));
      }
    }
    if (cur != null) {
      out.add(port(cur, options));
    }
    return new Parsed<>(List.copyOf(out), warnings);
  }

  private static void pairs(String[] t, Map<String, String> options, String file, int lineNo, String line,
      List<ParseWarning> warnings) {
    for (int k = 0; k < t.length; k += 2) {
      if (k + 1 >= t.length) {
        warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.UNRECOGNIZED,
            "bridge link word '" + t[k] + "' without value", line));
      } else {
        options.put(t[k], t[k + 1]);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static BridgePort port(Object[] cur, Map<String, String> options) {
    Map<String, String> rest = new LinkedHashMap<>(options);
    Integer mtu = Numbers.parseInt(rest.remove("mtu"));
    String master = rest.remove("master");
    String state = rest.remove("state");
    return new BridgePort((Integer) cur[0], (String) cur[1], (String) cur[2], (List<String>) cur[3], mtu, master,
        state, rest, (Integer) cur[4]);
  }
}
