package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code ip neigh}, {@code ip -s -s neigh show} and {@code ip neigh show nud noarp} text.
 *
 * <pre>
 * 10.6.0.12 dev ens3 lladdr fa:16:3e:a3:60:30 ref 1 used 11/6/6 probes 1 REACHABLE
 * 192.168.50.4 dev eth0  used 4/64/1probes 6 FAILED
 * </pre>
 *
 * gives {@code IpNeighbour[dst=10.6.0.12, dev=ens3, lladdr=fa:16:3e:a3:60:30, states=[REACHABLE], ref=1,
 * used=11/6/6, probes=1]} and a FAILED entry without lladdr. iproute2 6.1 glues {@code used A/B/C} to {@code probes}
 * ({@code 4/64/1probes 6}); that is split back here.
 */
public final class IpNeighParser {
  public static final String PATH = "nodes/{node}/iproute/ip-neigh.txt";

  static final Set<String> STATES = Set.of("REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "INCOMPLETE",
      "PERMANENT", "NOARP", "NONE");
  static final Set<String> FLAGS = Set.of("extern_learn", "offload", "managed", "extern_valid", "sticky");

  private IpNeighParser() {}

  public static Parsed<List<IpNeighbour>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpNeighbour> out = new ArrayList<>();
    String[] lines = Numbers.lines(text);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      String[] t = Numbers.tokens(line.replaceAll("(\\d)probes ", "$1 probes "));
      if (!IpRouteParser.looksLikeAddress(t[0])) {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED, "not a neighbour line", line));
        continue;
      }
      String dev = null;
      String lladdr = null;
      boolean router = false;
      boolean proxy = false;
      List<String> states = new ArrayList<>();
      List<String> flags = new ArrayList<>();
      Integer ref = null;
      String used = null;
      Integer probes = null;
      for (int k = 1; k < t.length; k++) {
        String w = t[k];
        String v = k + 1 < t.length ? t[k + 1] : null;
        switch (w) {
          case "dev" -> { dev = v; k++; }
          case "lladdr" -> { lladdr = v; k++; }
          case "ref" -> { ref = Numbers.parseInt(v); k++; }
          case "used" -> { used = v; k++; }
          case "probes" -> { probes = Numbers.parseInt(v); k++; }
          case "router" -> router = true;
          case "proxy" -> proxy = true;
          default -> {
            if (STATES.contains(w)) {
              states.add(w);
            } else {
              flags.add(w);
              if (!FLAGS.contains(w)) {
                warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED,
                    "unknown neighbour word '" + w + "' kept as a flag", line));
              }
            }
          }
        }
      }
      out.add(new IpNeighbour(t[0], dev, lladdr, router, proxy, states, flags, ref, used, probes, i + 1));
    }
    return new Parsed<>(List.copyOf(out), warnings);
  }
}
