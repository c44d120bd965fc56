package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code ip link}, {@code ip -d link}, {@code ip -s -d link} and {@code ip -o link} text.
 *
 * <pre>
 * 3: flannel.1: &lt;BROADCAST,MULTICAST,UP,LOWER_UP&gt; mtu 8908 qdisc noqueue state UNKNOWN mode DEFAULT group default
 *     link/ether 9a:e0:6b:c3:ce:e3 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535
 *     vxlan id 1 local 10.6.3.201 dev ens3 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum ...
 *     RX: bytes  packets  errors  dropped overrun mcast
 *     190756     639      0       0       0       0
 * </pre>
 *
 * gives {@code IpLink[ifindex=3, name=flannel.1, mtu=8908, state=UNKNOWN, linkType=ether,
 * info=LinkInfo[kind=vxlan, options={id=1, local=10.6.3.201, dev=ens3, dstport=8472, ...}, flags=[nolearning, ...]],
 * stats=LinkStats[rx={bytes=190756, packets=639, ...}]]}. Lines that belong to no known construct become
 * {@code UNRECOGNIZED} warnings with the raw line.
 */
public final class IpLinkParser {
  /** Bundle path (text form, {@code ip -s -d link}). */
  public static final String PATH = "nodes/{node}/iproute/ip-s-d-link.txt";

  private IpLinkParser() {}

  public static Parsed<List<IpLink>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpLink> links = new ArrayList<>();
    String[] lines = expandOneline(Numbers.lines(text));
    LinkText.Builder current = null;
    for (int i = 0; i < lines.length; ) {
      String line = lines[i];
      if (line.isBlank()) {
        i++;
        continue;
      }
      LinkText.Builder header = LinkText.header(line, i + 1);
      if (header != null) {
        if (current != null) {
          links.add(current.build());
        }
        current = header;
        i++;
        continue;
      }
      int used = current == null || !Character.isWhitespace(line.charAt(0)) ? 0
          : LinkText.consume(lines, i, current, file, warnings);
      if (used == 0) {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED,
            current == null ? "text before the first interface header" : "line not understood in a link block",
            line));
        used = 1;
      }
      i += used;
    }
    if (current != null) {
      links.add(current.build());
    }
    return new Parsed<>(List.copyOf(links), warnings);
  }

  /**
   * {@code ip -o link} joins an interface's lines with a backslash; split them back so that the same block reader
   * serves. Line numbers then count the split lines, which is close enough for a oneline file.
   */
  static String[] expandOneline(String[] lines) {
    boolean any = false;
    for (String l : lines) {
      if (l.contains("\\ ") && LinkText.HEADER.matcher(l).find()) {
        any = true;
        break;
      }
    }
    if (!any) {
      return lines;
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      String[] parts = l.split("\\\\ ");
      out.add(parts[0]);
      for (int k = 1; k < parts.length; k++) {
        out.add("    " + parts[k].trim());
      }
    }
    return out.toArray(new String[0]);
  }
}
