package dev.packetwalk.parse.ipvs;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code ipvsadm -Sn} (the save/restore form) into the same records as {@link IpvsadmListParser}.
 *
 * <pre>
 * -A -t 10.0.0.1:443 -s rr -p 10800
 * -a -t 10.0.0.1:443 -r 192.168.0.1:6443 -m -w 1
 * </pre>
 *
 * yields {@code VirtualService(TCP, 10.0.0.1, 443, rr, persistent 10800, [RealServer(192.168.0.1, 6443, Masq,
 * weight 1)])}; connection counts are not part of this format and are -1.
 */
public final class IpvsadmSaveParser {

  public static final String PATH = "nodes/{node}/ipvs/ipvsadm-Sn.txt";

  private IpvsadmSaveParser() {}

  public static IpvsTable parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    Map<String, IpvsTable.VirtualService> services = new LinkedHashMap<>();
    Map<String, List<IpvsTable.RealServer>> reals = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      int n = i + 1;
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] w = l.split("\\s+");
      String cmd = w[0];
      String proto = null;
      String where = null;
      String scheduler = null;
      String real = null;
      String forward = null;
      String mask = null;
      int persistent = -1;
      int weight = -1;
      List<String> flags = new ArrayList<>();
      for (int k = 1; k < w.length; k++) {
        String opt = w[k];
        String next = k + 1 < w.length ? w[k + 1] : null;
        switch (opt) {
          case "-t", "--tcp-service" -> { proto = "TCP"; where = next; k++; }
          case "-u", "--udp-service" -> { proto = "UDP"; where = next; k++; }
          case "--sctp-service" -> { proto = "SCTP"; where = next; k++; }
          case "-f", "--fwmark-service" -> { proto = "FWM"; where = next; k++; }
          case "-s", "--scheduler" -> { scheduler = next; k++; }
          case "-p", "--persistent" -> {
            persistent = next != null && next.matches("\\d{1,9}") ? Integer.parseInt(w[++k]) : 300; // ipvsadm default
          }
          case "-M", "--netmask" -> { mask = next; k++; }
          case "-r", "--real-server" -> { real = next; k++; }
          case "-m", "--masquerading" -> forward = "Masq";
          case "-g", "--gatewaying" -> forward = "Route";
          case "-i", "--ipip" -> forward = "Tunnel";
          case "-w", "--weight" -> {
            weight = next != null && next.matches("\\d{1,9}") ? Integer.parseInt(next) : -1;
            k++;
          }
          default -> flags.add(opt);
        }
      }
      if (proto == null || where == null || (!cmd.equals("-A") && !cmd.equals("-a"))) {
        warnings.add(new ParseWarning(file, n, Kind.UNRECOGNIZED, "not an ipvsadm -A/-a save line", l));
        continue;
      }
      String key = proto + " " + where;
      if (cmd.equals("-A")) {
        IpvsAddress a = proto.equals("FWM") ? null : IpvsAddress.parse(where, false);
        if (!proto.equals("FWM") && a == null) {
          warnings.add(new ParseWarning(file, n, Kind.MALFORMED, "bad service address", l));
          continue;
        }
        services.put(key, new IpvsTable.VirtualService(proto, a == null ? null : a.address(),
            a == null ? 0 : a.port(), a == null ? fwmark(where) : -1, scheduler, flags, persistent, mask,
            List.of(), null, n));
        reals.put(key, new ArrayList<>());
      } else {
        IpvsAddress r = real == null ? null : IpvsAddress.parse(real, false);
        if (r == null || !services.containsKey(key)) {
          warnings.add(new ParseWarning(file, n, Kind.MALFORMED, r == null ? "bad real server"
              : "real server for a service not added before", l));
          continue;
        }
        reals.get(key).add(new IpvsTable.RealServer(r.address(), r.port(), forward == null ? "Route" : forward,
            weight < 0 ? 1 : weight, -1, -1, null, n)); // -g and weight 1 are ipvsadm's defaults
      }
    }
    List<IpvsTable.VirtualService> out = new ArrayList<>();
    // services.forEach below rebuilds each service with its real servers, now that all lines are read
    services.forEach((k, s) -> out.add(new IpvsTable.VirtualService(s.protocol(), s.address(), s.port(), s.fwmark(),
        s.scheduler(), s.flags(), s.persistentSeconds(), s.persistenceMask(), reals.get(k), null, s.line())));
    return new IpvsTable(file, null, -1, out, warnings);
  }

  private static long fwmark(String s) {
    return s.matches("\\d{1,18}") ? Long.parseLong(s) : -1;
  }
}
