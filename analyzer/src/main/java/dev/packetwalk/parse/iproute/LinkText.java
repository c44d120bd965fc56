package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link part of {@code ip link} and {@code ip addr} text, shared by {@link IpLinkParser} and {@link IpAddrParser}
 * (the way insights-core shares one logic class between several specs). It reads the header line, the
 * {@code link/TYPE} line, {@code -d} detail lines and {@code -s} statistics into a mutable {@link Builder}.
 */
final class LinkText {
  private LinkText() {}

  /** {@code 4: vethpod1@if2: <FLAGS> rest} - names never contain ':' or blanks, the suffix never contains ':'. */
  static final Pattern HEADER = Pattern.compile("^(\\d+):\\s+([^\\s:@]+)(?:@([^\\s:]+))?:\\s+<([^>]*)>\\s*(.*)$");

  /**
   * Attributes iproute2 prints for every link, after the kind options ({@code print_link_stats}-independent part of
   * {@code ipaddress.c}). Meeting one ends the kind options.
   */
  static final Set<String> GENERIC = Set.of("promiscuity", "allmulti", "minmtu", "maxmtu", "addrgenmode",
      "numtxqueues", "numrxqueues", "gso_max_size", "gso_max_segs", "tso_max_size", "tso_max_segs", "gro_max_size",
      "gso_ipv4_max_size", "gro_ipv4_max_size", "parentbus", "parentdev", "portid", "portname", "switchid",
      "link-netnsid", "link-netns", "permaddr", "netns-immutable", "xdp");

  /** Bare words of kind options (vxlan, ip tunnels, geneve, macvlan, ipvlan); anything else is {@code key value}. */
  static final Set<String> KIND_FLAGS = Set.of("learning", "nolearning", "proxy", "rsc", "l2miss", "l3miss",
      "udpcsum", "noudpcsum", "udp6zerocsumtx", "noudp6zerocsumtx", "udp6zerocsumrx", "noudp6zerocsumrx",
      "remcsumtx", "noremcsumtx", "remcsumrx", "noremcsumrx", "external", "noexternal", "gbp", "gpe", "vnifilter",
      "localbypass", "nolocalbypass", "pmtudisc", "nopmtudisc", "ignore-df", "noignore-df", "icsum", "ocsum", "iseq",
      "oseq", "csum", "seq", "collect_metadata", "encap-csum", "noencap-csum", "encap-csum6", "noencap-csum6",
      "encap-remcsum", "noencap-remcsum", "isatap", "allow-localremote", "innerprotoinherit", "nopromisc", "nodst",
      "erspan_ver", "nopmtu");

  /** Options that take two values. */
  static final Set<String> TWO_VALUES = Set.of("srcport");

  /** The words ip tunnels print right after the kind for their inner protocol ({@code ipip any remote ...}). */
  static final Set<String> TUNNEL_PROTO = Set.of("any", "ipip", "ip6ip", "mplsip", "ip6ip6", "ipip6");

  /** Mutable accumulator; parsers turn it into an immutable {@link IpLink}. */
  static final class Builder {
    int ifindex;
    String name;
    String suffix;
    Integer peerIfindex;
    List<String> flags = List.of();
    Integer mtu;
    String qdisc;
    String master;
    String state;
    String mode;
    String group;
    Integer qlen;
    String linkType;
    String address;
    String broadcast;
    String peerAddress;
    Integer linkNetnsid;
    String linkNetns;
    String alias;
    LinkInfo info;
    LinkInfo slaveInfo;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<String> altnames = new ArrayList<>();
    Map<String, Long> rx;
    Map<String, Long> tx;
    int line;

    IpLink build() {
      LinkStats stats = rx == null && tx == null ? null : new LinkStats(rx == null ? Map.of() : rx,
          tx == null ? Map.of() : tx);
      return new IpLink(ifindex, name, suffix, peerIfindex, flags, mtu, qdisc, master, state, mode, group, qlen,
          linkType, address, broadcast, peerAddress, linkNetnsid, linkNetns, alias, info, slaveInfo, attributes,
          altnames, stats, line);
    }
  }

  /** Reads a header line; null when the line is not one. */
  static Builder header(String line, int lineNo) {
    Matcher m = HEADER.matcher(line);
    if (!m.matches()) {
      return null;
    }
    Builder b = new Builder();
    b.line = lineNo;
    b.ifindex = Integer.parseInt(m.group(1));
    b.name = m.group(2);
    b.suffix = m.group(3);
    if (b.suffix != null && b.suffix.startsWith("if")) {
      b.peerIfindex = Numbers.parseInt(b.suffix.substring(2));
    }
    b.flags = m.group(4).isEmpty() ? List.of() : List.of(m.group(4).split(","));
    String[] t = Numbers.tokens(m.group(5));
    for (int i = 0; i + 1 < t.length; i += 2) {
      String v = t[i + 1];
      switch (t[i]) {
        case "mtu" -> b.mtu = Numbers.parseInt(v);
        case "qdisc" -> b.qdisc = v;
        case "master" -> b.master = v;
        case "state" -> b.state = v;
        case "mode" -> b.mode = v;
        case "group" -> b.group = v;
        case "qlen" -> b.qlen = Numbers.parseInt(v);
        default -> b.attributes.put(t[i], v);
      }
    }
    return b;
  }

  /**
   * Consumes the link line(s) starting at {@code lines[i]} for builder {@code b}.
   *
   * @return the number of lines consumed, 0 when {@code lines[i]} is not a link line
   */
  static int consume(String[] lines, int i, Builder b, String file, List<ParseWarning> warnings) {
    String trimmed = lines[i].trim();
    String[] t = Numbers.tokens(trimmed);
    if (t.length == 0) {
      return 0;
    }
    String first = t[0];
    if (first.startsWith("link/")) {
      linkLine(t, b);
      return 1;
    }
    if (first.equals("RX:") || first.equals("TX:") || first.equals("RX") || first.equals("TX")) {
      return stats(lines, i, t, b, file, warnings);
    }
    if (first.equals("alias")) {
      b.alias = trimmed.substring("alias".length()).trim();
      return 1;
    }
    if (first.equals("altname")) {
      for (int k = 1; k < t.length; k++) {
        b.altnames.add(t[k]);
      }
      return 1;
    }
    if (first.startsWith("inet") || first.equals("valid_lft") || first.equals("vf") || first.equals("prop")
        || first.equals("cpu_hit") || first.startsWith("prog/") || first.equals("xdp")) {
      return 0; // addresses belong to IpAddrParser; vf/xdp lines are reported by the caller
    }
    if (GENERIC.contains(first)) {
      generic(t, 0, b);
      return 1;
    }
    detailLine(t, b);
    return 1;
  }

  private static void linkLine(String[] t, Builder b) {
    b.linkType = t[0].substring("link/".length());
    int k = 1;
    if (k < t.length && !GENERIC.contains(t[k])) {
      b.address = t[k++];
    }
    while (k < t.length) {
      String key = t[k];
      if ((key.equals("brd") || key.equals("peer")) && k + 1 < t.length) {
        if (key.equals("brd")) {
          b.broadcast = t[k + 1];
        } else {
          b.peerAddress = t[k + 1];
        }
        k += 2;
      } else {
        k = generic(t, k, b);
      }
    }
  }

  /** Reads {@code key value} pairs from {@code t[k]} to the end into the generic attributes. */
  private static int generic(String[] t, int k, Builder b) {
    while (k < t.length) {
      String key = t[k];
      String v = k + 1 < t.length ? t[k + 1] : "";
      switch (key) {
        case "link-netnsid" -> b.linkNetnsid = Numbers.parseInt(v);
        case "link-netns" -> b.linkNetns = v;
        default -> b.attributes.put(key, v);
      }
      k += 2;
    }
    return k;
  }

  /** A kind line: {@code KIND [options] [generic attributes]}; the first one is the kind, a *_slave one the slave. */
  private static void detailLine(String[] t, Builder b) {
    String kind = t[0];
    Map<String, String> options = new LinkedHashMap<>();
    List<String> flags = new ArrayList<>();
    int k = 1;
    // bridge/bond ports and bridges print every option as "key value" ("learning on"), never bare words
    boolean pairsOnly = kind.endsWith("_slave") || kind.equals("bridge") || kind.equals("bond");
    boolean tunnel = kind.equals("ipip") || kind.equals("sit") || kind.equals("ip6tnl");
    if (tunnel && k < t.length && TUNNEL_PROTO.contains(t[k])) {
      options.put("proto", t[k++]);
    }
    while (k < t.length && !GENERIC.contains(t[k])) {
      String key = t[k];
      if (key.startsWith("<") || key.startsWith("(")) {
        // vlan <REORDER_HDR>, ip6tnl (flowinfo 0x00000000): a bracketed group kept whole as a flag
        String close = key.startsWith("<") ? ">" : ")";
        StringBuilder g = new StringBuilder(key);
        while (!t[k].endsWith(close) && k + 1 < t.length) {
          g.append(' ').append(t[++k]);
        }
        flags.add(g.toString());
        k++;
      } else if ((!pairsOnly && KIND_FLAGS.contains(key)) || k + 1 >= t.length || (kind.equals("ipvlan") && isIpvlanFlag(key))) {
        flags.add(key);
        k++;
      } else if (t[k + 1].equals("{")) {
        // vlan ingress-qos-map { 0:0 1:1 }
        StringBuilder g = new StringBuilder();
        k += 2;
        while (k < t.length && !t[k].equals("}")) {
          g.append(g.length() == 0 ? "" : " ").append(t[k++]);
        }
        options.put(key, g.toString());
        k++;
      } else if (TWO_VALUES.contains(key) && k + 2 < t.length) {
        options.put(key, t[k + 1] + " " + t[k + 2]);
        k += 3;
      } else {
        options.put(key, t[k + 1]);
        k += 2;
      }
    }
    generic(t, k, b);
    LinkInfo info = new LinkInfo(kind, options, flags);
    if (kind.endsWith("_slave") || b.info != null) {
      b.slaveInfo = info;
    } else {
      b.info = info;
    }
  }

  private static boolean isIpvlanFlag(String w) {
    return w.equals("bridge") || w.equals("private") || w.equals("vepa");
  }

  /** {@code RX: bytes packets ...} header then a line of numbers; {@code RX errors: ...} for {@code -s -s}. */
  private static int stats(String[] lines, int i, String[] t, Builder b, String file, List<ParseWarning> warnings) {
    boolean rx = t[0].startsWith("RX");
    int namesFrom = 1;
    String prefix = "";
    if (t.length > 1 && t[1].equals("errors:")) {
      namesFrom = 2;
      prefix = "errors_";
    } else if (!t[0].endsWith(":")) {
      return 0;
    }
    if (i + 1 >= lines.length) {
      warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.TRUNCATED, "statistics header without values",
          lines[i]));
      return 1;
    }
    String[] v = Numbers.tokens(lines[i + 1]);
    Map<String, Long> target = rx ? (b.rx == null ? (b.rx = new LinkedHashMap<>()) : b.rx)
        : (b.tx == null ? (b.tx = new LinkedHashMap<>()) : b.tx);
    int n = Math.min(v.length, t.length - namesFrom);
    for (int k = 0; k < n; k++) {
      Long value = Numbers.parseLong(v[k]);
      if (value == null) {
        warnings.add(new ParseWarning(file, i + 2, ParseWarning.Kind.MALFORMED, "statistics value is not a number",
            lines[i + 1]));
        return 2;
      }
      target.put(prefix + LinkStats.jsonName(t[namesFrom + k]), value);
    }
    return 2;
  }
}
