package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code ss -ltnup} (and {@code ss -ltn}, {@code -lun}, {@code -ltnu}; with or without {@code -p}).
 *
 * <pre>
 * Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
 * udp   UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*    users:(("python3",pid=18198,fd=5))
 * tcp   LISTEN 0      128             [::]:8443         [::]:*    users:(("python3",pid=18198,fd=9))
 * tcp   LISTEN 0      5                  *:80              *:*
 * </pre>
 *
 * gives {@code udp UNCONN 127.0.0.53:53 device lo process python3}, {@code tcp LISTEN :::8443} and
 * {@code tcp LISTEN *:80}. ss prints the Netid column only when more than one socket type was asked for: without it,
 * LISTEN means tcp and UNCONN means udp. ss prints a dual-stack {@code ::} socket as {@code *} and a v6-only one as
 * {@code [::]}; old ss printed v6 without brackets ({@code :::22}), which splitting at the last colon also reads.
 * Other socket types (raw, sctp, unix) and other states are kept as UNSUPPORTED warnings.
 */
public final class SsParser {
  /** Bundle path: one file per network namespace. */
  public static final String PATH = "nodes/{node}/netns/{netns}/ss-ltnup.txt";

  private static final Set<String> NETIDS = Set.of("tcp", "udp", "raw", "u_dgr", "u_str", "u_seq", "p_raw",
      "p_dgr", "nl", "sctp", "mptcp", "tipc", "v_str", "v_dgr", "xdp", "icmp6", "u_gr");
  private static final Pattern USER = Pattern.compile("\\(\"((?:[^\"\\\\]|\\\\.)*)\",pid=");

  private SsParser() {}

  public static Parsed<List<ListeningSocket>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<ListeningSocket> out = new ArrayList<>();
    Boolean netid = null; // from the header; null until known
    String[] lines = Numbers.lines(text);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String[] t = Numbers.tokens(line);
      if (t.length == 0) continue;
      if (t[0].equals("Netid") || t[0].equals("State") && line.contains("Recv-Q")) {
        netid = t[0].equals("Netid");
        continue;
      }
      boolean hasNetid = netid != null ? netid : NETIDS.contains(t[0]);
      int k = hasNetid ? 1 : 0;
      if (t.length < k + 4 || Numbers.parseLong(t[k + 1]) == null || Numbers.parseLong(t[k + 2]) == null) {
        warnings.add(new ParseWarning(file, i + 1, Kind.UNRECOGNIZED, "not an ss socket line", line));
        continue;
      }
      String state = t[k];
      String proto = hasNetid ? t[0] : state.equals("LISTEN") ? "tcp" : state.equals("UNCONN") ? "udp" : "";
      boolean listening = proto.equals("tcp") && state.equals("LISTEN") || proto.equals("udp")
          && state.equals("UNCONN");
      if (!listening) {
        warnings.add(new ParseWarning(file, i + 1, Kind.UNSUPPORTED, "not a listening tcp or udp socket ("
            + (hasNetid ? t[0] + " " : "") + state + ")", line));
        continue;
      }
      Endpoint local = endpoint(t[k + 3]);
      if (local == null) {
        warnings.add(new ParseWarning(file, i + 1, Kind.MALFORMED, "local address:port not understood", line));
        continue;
      }
      out.add(new ListeningSocket(proto, state, local.address, local.port, local.device,
          process(line), i + 1, line));
    }
    return new Parsed<>(List.copyOf(out), warnings);
  }

  private record Endpoint(String address, int port, String device) {}

  /** {@code 127.0.0.53%lo:53}, {@code [fd00::2]:9000}, {@code [fe80::1]%eth0:546}, {@code *:80}, {@code :::22}. */
  private static Endpoint endpoint(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) return null;
    Integer port = Numbers.parseInt(s.substring(colon + 1));
    if (port == null || port < 0 || port > 65535) return null;
    String addr = s.substring(0, colon);
    String device = "";
    int pct = addr.indexOf('%');
    if (pct >= 0) {
      device = addr.substring(pct + 1).replace("]", "");
      addr = addr.substring(0, pct) + (addr.endsWith("]") && !addr.substring(0, pct).endsWith("]") ? "]" : "");
    }
    if (addr.startsWith("[") && addr.endsWith("]")) addr = addr.substring(1, addr.length() - 1);
    if (addr.isEmpty() || addr.contains("[") || addr.contains("]")) return null;
    return new Endpoint(addr, port, device);
  }

  /** Process names from {@code users:(("nginx",pid=2,fd=6),("nginx",pid=1,fd=6))}: "nginx". */
  private static String process(String line) {
    int u = line.indexOf("users:((");
    if (u < 0) return "";
    Set<String> names = new LinkedHashSet<>();
    Matcher m = USER.matcher(line.substring(u));
    while (m.find()) names.add(m.group(1));
    return String.join(",", names);
  }
}
