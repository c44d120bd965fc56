package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import dev.packetwalk.parse.Parsed;
import dev.packetwalk.parse.pcap.IpAddr;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6}: the kernel tables ss reads, collected
 * when a namespace has no ss.
 *
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
 *    0: 0200090A:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2490231 1 ...
 * </pre>
 *
 * gives {@code tcp LISTEN 10.9.0.2:8080}. Addresses are the kernel's 32-bit words printed in host byte order, read
 * here as little-endian (x86, arm64; a big-endian node would print them the other way round). The port is printed in
 * host order already. State 0A is TCP_LISTEN; for udp, 07 (TCP_CLOSE) is a bound, unconnected socket, the ones ss
 * shows as UNCONN. Sockets in other states (established connections) are not listeners and are skipped.
 */
public final class ProcNetParser {
  /** Bundle paths: one file per table, per network namespace, written only when ss is missing. */
  public static final String PATH_TCP = "nodes/{node}/netns/{netns}/proc-net-tcp.txt";
  public static final String PATH_TCP6 = "nodes/{node}/netns/{netns}/proc-net-tcp6.txt";
  public static final String PATH_UDP = "nodes/{node}/netns/{netns}/proc-net-udp.txt";
  public static final String PATH_UDP6 = "nodes/{node}/netns/{netns}/proc-net-udp6.txt";

  /** The four tables, by the name {@code /proc/net/} gives them. */
  public static final List<String> TABLES = List.of("tcp", "tcp6", "udp", "udp6");

  private ProcNetParser() {}

  /**
   * @param table {@code tcp}, {@code tcp6}, {@code udp} or {@code udp6}: which file this is (the text does not say)
   */
  public static Parsed<List<ListeningSocket>> parse(String file, String text, String table) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<ListeningSocket> out = new ArrayList<>();
    if (!TABLES.contains(table)) {
      warnings.add(new ParseWarning(file, 0, Kind.UNSUPPORTED, "not a /proc/net socket table: " + table, ""));
      return new Parsed<>(List.of(), warnings);
    }
    boolean tcp = table.startsWith("tcp");
    boolean v6 = table.endsWith("6");
    String[] lines = Numbers.lines(text);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String[] t = Numbers.tokens(line);
      if (t.length == 0 || t[0].equals("sl")) continue;
      Integer state = t.length > 3 && t[0].endsWith(":") ? hex(t[3]) : null;
      String local = t.length > 1 ? address(t[1], v6) : null;
      int colon = t.length > 1 ? t[1].indexOf(':') : -1;
      Integer port = colon > 0 ? hex(t[1].substring(colon + 1)) : null;
      if (state == null || local == null || port == null || port > 0xFFFF) {
        warnings.add(new ParseWarning(file, i + 1, Kind.UNRECOGNIZED, "not a /proc/net/" + table + " socket line",
            line));
        continue;
      }
      if (tcp ? state != 0x0A : state != 0x07) continue;
      out.add(new ListeningSocket(tcp ? "tcp" : "udp", tcp ? "LISTEN" : "UNCONN", local, port, "", "", i + 1,
          line));
    }
    return new Parsed<>(List.copyOf(out), warnings);
  }

  /** {@code 0200090A:1F90} → 10.9.0.2; {@code 000000FD000000000000000002000000:2328} → fd00::2; null if malformed. */
  private static String address(String hexPort, boolean v6) {
    int colon = hexPort.indexOf(':');
    String hex = colon < 0 ? "" : hexPort.substring(0, colon);
    if (hex.length() != (v6 ? 32 : 8)) return null;
    byte[] b = new byte[hex.length() / 2];
    for (int w = 0; w < hex.length() / 8; w++) {
      for (int j = 0; j < 4; j++) {
        Integer v = hex(hex.substring(w * 8 + (3 - j) * 2, w * 8 + (4 - j) * 2));
        if (v == null) return null;
        b[w * 4 + j] = (byte) (int) v;
      }
    }
    if (!v6) return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    long hi = 0;
    long lo = 0;
    for (int j = 0; j < 8; j++) {
      hi = hi << 8 | (b[j] & 0xff);
      lo = lo << 8 | (b[j + 8] & 0xff);
    }
    return new IpAddr(hi, lo).toString();
  }

  private static Integer hex(String s) {
    if (s.isEmpty() || s.length() > 8 || s.charAt(0) == '-' || s.charAt(0) == '+') return null;
    try {
      return (int) Long.parseLong(s, 16);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
