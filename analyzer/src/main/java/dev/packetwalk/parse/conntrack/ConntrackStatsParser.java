package dev.packetwalk.parse.conntrack;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code conntrack -S} (sample in {@link ConntrackStats}). Any {@code key=value} is kept, so counters added by
 * newer kernels ({@code clash_resolve}, {@code chaintoolong}) need no code change.
 */
public final class ConntrackStatsParser {
  public static final String PATH = "nodes/{node}/conntrack/conntrack-S.txt";

  private ConntrackStatsParser() {}

  public static Parsed<ConntrackStats> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<ConntrackStats.Cpu> cpus = new ArrayList<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("cpu=")) {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED, "not a per-CPU line", line));
        continue;
      }
      int cpu = -1;
      Map<String, Long> counters = new LinkedHashMap<>();
      for (String tok : line.split("[ \\t]+")) {
        int eq = tok.indexOf('=');
        long v = eq < 0 ? -1 : ConntrackListParser.parseLong(tok, eq + 1, tok.length(), -1);
        if (v < 0) {
          warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.MALFORMED, "bad counter '" + tok + "'", line));
        } else if (tok.startsWith("cpu=")) {
          cpu = (int) v;
        } else {
          counters.put(tok.substring(0, eq), v);
          totals.merge(tok.substring(0, eq), v, Long::sum);
        }
      }
      cpus.add(new ConntrackStats.Cpu(cpu, counters));
    }
    return new Parsed<>(new ConntrackStats(cpus, totals), warnings);
  }
}
