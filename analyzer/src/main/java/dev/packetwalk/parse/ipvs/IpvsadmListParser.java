package dev.packetwalk.parse.ipvs;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ipvsadm -Ln}, {@code ipvsadm -Ln --stats} and {@code /proc/net/ip_vs} (same layout, hex addresses).
 *
 * <pre>
 * IP Virtual Server version 1.2.1 (size=4096)
 * Prot LocalAddress:Port Scheduler Flags
 *   -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
 * TCP  10.0.0.1:443 rr persistent 10800
 *   -> 192.168.0.1:6443             Masq    1      1          0
 * </pre>
 *
 * yields {@code IpvsTable(version 1.2.1, size 4096, [VirtualService(TCP, 10.0.0.1, 443, rr, persistent 10800,
 * [RealServer(192.168.0.1, 6443, Masq, weight 1, active 1, inactive 0)])])}. Documentation pastes elide lines with
 * {@code ...}; those become warnings.
 */
public final class IpvsadmListParser {

  public static final String PATH = "nodes/{node}/ipvs/ipvsadm-Ln.txt";
  public static final String PATH_STATS = "nodes/{node}/ipvs/ipvsadm-Ln-stats.txt";
  public static final String PATH_PROC = "nodes/{node}/ipvs/proc-net-ip_vs.txt";

  private static final Pattern HEADER = Pattern.compile("IP Virtual Server version (\\S+) \\(size=(\\d+)\\)");
  private static final Pattern SERVICE = Pattern.compile("(TCP|UDP|SCTP|FWM)\\s+(\\S+)\\s*(.*)");
  private static final Pattern REAL = Pattern.compile("->\\s+(\\S+)\\s*(.*)");
  private static final Pattern HEX = Pattern.compile(
      "(?:[0-9A-F]{8}|\\[(?:[0-9A-Fa-f]{4}:){7}[0-9A-Fa-f]{4}\\]):[0-9A-F]{4}"); // /proc: full-width hex only

  private IpvsadmListParser() {}

  public static IpvsTable parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpvsTable.VirtualService> services = new ArrayList<>();
    String version = null;
    int size = -1;
    boolean stats = false;
    Svc cur = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      int n = i + 1;
      Matcher m;
      if (l.isEmpty()) {
        continue;
      } else if ((m = HEADER.matcher(l)).matches()) {
        version = m.group(1);
        size = Integer.parseInt(m.group(2));
      } else if (l.startsWith("Prot LocalAddress:Port")) {
        stats = l.contains("Conns");
      } else if (l.startsWith("-> RemoteAddress:Port")) {
        continue;
      } else if (l.equals("...") || l.equals("…")) {
        warnings.add(new ParseWarning(file, n, Kind.TRUNCATED, "elided lines ('...'): the listing is partial", l));
      } else if ((m = SERVICE.matcher(l)).matches()) {
        if (cur != null) {
          services.add(cur.build());
        }
        cur = service(m, stats, n);
        if (cur == null) {
          warnings.add(new ParseWarning(file, n, Kind.MALFORMED, "virtual service not understood", l));
        }
      } else if ((m = REAL.matcher(l)).matches() && cur != null) {
        IpvsTable.RealServer r = real(m, stats, n);
        if (r == null) {
          warnings.add(new ParseWarning(file, n, Kind.MALFORMED, "real server not understood", l));
        } else {
          cur.reals.add(r);
        }
      } else {
        warnings.add(new ParseWarning(file, n, Kind.UNRECOGNIZED, "line not understood", l));
      }
    }
    if (cur != null) {
      services.add(cur.build());
    }
    return new IpvsTable(file, version, size, services, warnings);
  }

  /** A virtual service while its real servers are read. */
  private record Svc(String protocol, String address, int port, long fwmark, String scheduler, List<String> flags,
      int persistent, String mask, IpvsTable.Stats stats, int line, List<IpvsTable.RealServer> reals) {
    IpvsTable.VirtualService build() {
      return new IpvsTable.VirtualService(protocol, address, port, fwmark, scheduler, flags, persistent, mask, reals,
          stats, line);
    }
  }

  private static Svc service(Matcher m, boolean stats, int n) {
    String proto = m.group(1);
    String where = m.group(2);
    String[] rest = m.group(3).isBlank() ? new String[0] : m.group(3).strip().split("\\s+");
    boolean hex = HEX.matcher(where).matches() || proto.equals("FWM") && where.matches("[0-9A-F]{8}");
    String addr = null;
    int port = 0;
    long fwmark = -1;
    if (proto.equals("FWM")) {
      try {
        fwmark = Long.parseLong(where, hex ? 16 : 10);
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      IpvsAddress a = IpvsAddress.parse(where, hex);
      if (a == null) {
        return null;
      }
      addr = a.address();
      port = a.port();
    }
    if (stats) {
      IpvsTable.Stats s = stats(rest, 0);
      return s == null ? null : new Svc(proto, addr, port, fwmark, null, List.of(), -1, null, s, n, new ArrayList<>());
    }
    String scheduler = rest.length > 0 ? rest[0] : null;
    List<String> flags = new ArrayList<>();
    int persistent = -1;
    String mask = null;
    for (int k = 1; k < rest.length; k++) {
      if (rest[k].equals("persistent") && k + 1 < rest.length && rest[k + 1].matches("\\d{1,9}")) {
        persistent = Integer.parseInt(rest[++k]);
      } else if (rest[k].equals("mask") && k + 1 < rest.length) {
        mask = rest[++k];
      } else {
        flags.add(rest[k]);
      }
    }
    return new Svc(proto, addr, port, fwmark, scheduler, flags, persistent, mask, null, n, new ArrayList<>());
  }

  private static IpvsTable.RealServer real(Matcher m, boolean stats, int n) {
    IpvsAddress a = IpvsAddress.parse(m.group(1), HEX.matcher(m.group(1)).matches());
    String[] rest = m.group(2).isBlank() ? new String[0] : m.group(2).strip().split("\\s+");
    if (a == null) {
      return null;
    }
    if (stats) {
      IpvsTable.Stats s = stats(rest, 0);
      return s == null ? null : new IpvsTable.RealServer(a.address(), a.port(), null, -1, -1, -1, s, n);
    }
    if (rest.length < 4) {
      return null;
    }
    try {
      return new IpvsTable.RealServer(a.address(), a.port(), rest[0], Integer.parseInt(rest[1]),
          Long.parseLong(rest[2]), Long.parseLong(rest[3]), null, n);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Conns InPkts OutPkts InBytes OutBytes, each possibly with a K/M/G/T suffix (powers of 1000, as ipvsadm). */
  static IpvsTable.Stats stats(String[] w, int from) {
    if (w.length < from + 5) {
      return null;
    }
    long[] v = new long[5];
    for (int k = 0; k < 5; k++) {
      v[k] = human(w[from + k]);
      if (v[k] < 0) {
        return null;
      }
    }
    return new IpvsTable.Stats(v[0], v[1], v[2], v[3], v[4]);
  }

  private static long human(String s) {
    long mult = switch (s.charAt(s.length() - 1)) {
      case 'K' -> 1_000L;
      case 'M' -> 1_000_000L;
      case 'G' -> 1_000_000_000L;
      case 'T' -> 1_000_000_000_000L;
      default -> 1L;
    };
    try {
      return Long.parseLong(mult == 1 ? s : s.substring(0, s.length() - 1)) * mult;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
