package dev.packetwalk.parse.ipvs;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code /proc/net/ip_vs_stats}: two rows of five hexadecimal numbers (totals, then per-second rates), the
 * kernel's {@code %8LX} formatting.
 *
 * <pre>
 *    Total Incoming Outgoing         Incoming         Outgoing
 *    Conns  Packets  Packets            Bytes            Bytes
 *       1F       A0        0             2EE0                0
 *
 *  Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s
 *        0        0        0                0                0
 * </pre>
 *
 * yields {@code IpvsGlobalStats(totals=Stats(31, 160, 0, 12000, 0), rates=Stats(0, 0, 0, 0, 0))}.
 */
public final class ProcIpvsStatsParser {

  public static final String PATH = "nodes/{node}/ipvs/proc-net-ip_vs_stats.txt";

  /** @param totals counters since boot, or null; @param rates per-second estimates, or null */
  public record IpvsGlobalStats(String file, IpvsTable.Stats totals, IpvsTable.Stats rates,
      List<ParseWarning> warnings) {
    public IpvsGlobalStats {
      warnings = List.copyOf(warnings);
    }
  }

  private ProcIpvsStatsParser() {}

  public static IpvsGlobalStats parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpvsTable.Stats> rows = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.matches("[A-Za-z/ ]+")) {
        continue; // headings
      }
      String[] w = l.split("\\s+");
      try {
        if (w.length != 5) {
          throw new NumberFormatException();
        }
        long[] v = new long[5];
        for (int k = 0; k < 5; k++) {
          v[k] = Long.parseUnsignedLong(w[k], 16);
        }
        rows.add(new IpvsTable.Stats(v[0], v[1], v[2], v[3], v[4]));
      } catch (NumberFormatException e) {
        warnings.add(new ParseWarning(file, i + 1, Kind.UNRECOGNIZED, "not five hex numbers", l));
      }
    }
    if (rows.size() != 2) {
      warnings.add(ParseWarning.of(file, 0, Kind.TRUNCATED, "expected 2 rows of numbers, found " + rows.size()));
    }
    return new IpvsGlobalStats(file, rows.isEmpty() ? null : rows.get(0), rows.size() < 2 ? null : rows.get(1),
        warnings);
  }
}
