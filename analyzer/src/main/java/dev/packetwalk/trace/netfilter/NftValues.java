package dev.packetwalk.trace.netfilter;

import dev.packetwalk.trace.Packet;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Field values of a packet as nft sees them, and how one value compares with one element part of a rule or set
 * ({@code 10.0.0.0/8}, {@code 1.2.3.4-1.2.3.8}, {@code tcp}, {@code 3000-3100}, {@code "veth*"}, {@code 0x4000}).
 */
final class NftValues {

  /** Thrown for a literal this evaluator cannot compare (a service name it does not know, an odd address). */
  static final class Unreadable extends RuntimeException {
    Unreadable(String what) {
      super(what, null, false, false);
    }
  }

  private static final Map<String, Integer> PROTOCOLS = Map.of("tcp", 6, "udp", 17, "sctp", 132, "icmp", 1,
      "icmpv6", 58, "ipv6-icmp", 58, "esp", 50, "gre", 47, "udplite", 136);
  private static final Map<String, Integer> SERVICES = Map.ofEntries(Map.entry("http", 80),
      Map.entry("https", 443), Map.entry("ssh", 22), Map.entry("domain", 53), Map.entry("ntp", 123),
      Map.entry("bgp", 179), Map.entry("smtp", 25), Map.entry("ftp", 21), Map.entry("telnet", 23),
      Map.entry("http-alt", 8080), Map.entry("kubernetes", 6443));

  private NftValues() {}

  /**
   * The field's value for the packet, or null when the packet has no such field (an IPv6 address on an IPv4
   * packet, a port on ICMP, an input interface on a locally generated packet).
   */
  static String value(NftSelector s, Packet p, FilterInput in, boolean dnatted) {
    if (s.family != 0 && s.family != p.family()) return null;
    if (s.proto != null && s.proto != p.proto()) return null;
    return switch (s) {
      case IP_SADDR, IP6_SADDR -> p.src();
      case IP_DADDR, IP6_DADDR -> p.dst();
      case L4PROTO -> String.valueOf(protocolNumber(p));
      case NFPROTO -> p.family() == 6 ? "ipv6" : "ipv4";
      case TH_SPORT, TCP_SPORT, UDP_SPORT, SCTP_SPORT -> p.proto().hasPorts() ? String.valueOf(p.sport()) : null;
      case TH_DPORT, TCP_DPORT, UDP_DPORT, SCTP_DPORT -> p.proto().hasPorts() ? String.valueOf(p.dport()) : null;
      case IIFNAME -> in.inIface().isEmpty() ? null : in.inIface();
      case OIFNAME -> in.outIface().isEmpty() ? null : in.outIface();
      case MARK -> String.valueOf(p.mark());
      case CT_MARK -> String.valueOf(in.ctmark());
      case CT_STATE -> in.ct().name().toLowerCase(Locale.ROOT);
      case CT_STATUS -> dnatted ? "dnat" : "";
    };
  }

  static int protocolNumber(Packet p) {
    return switch (p.proto()) {
      case TCP -> 6;
      case UDP -> 17;
      case SCTP -> 132;
      case ICMP -> p.family() == 6 ? 58 : 1;
    };
  }

  /** Whether {@code value} (from {@link #value}) is matched by one element part as written in a rule or set. */
  static boolean matches(NftSelector.Kind kind, String value, String part) {
    if (part.equals("*")) return true;
    return switch (kind) {
      case ADDRESS -> addressMatches(value, part);
      case PROTOCOL -> Long.parseLong(value) == protocol(part);
      case PORT -> inRange(Long.parseLong(value), part, NftValues::port);
      case NUMBER -> inRange(Long.parseLong(value), part, NftRuleReader::number);
      case IFNAME -> part.endsWith("*") ? value.startsWith(part.substring(0, part.length() - 1))
          : value.equals(part);
      case NAME -> value.equalsIgnoreCase(part);
    };
  }

  /** The form an exact (non-interval) part takes in a lookup index, so that {@code tcp} and {@code 6} meet. */
  static String canonical(NftSelector.Kind kind, String part) {
    return switch (kind) {
      case PROTOCOL -> String.valueOf(protocol(part));
      case PORT -> String.valueOf(port(part));
      case NUMBER -> String.valueOf(NftRuleReader.number(part));
      case ADDRESS -> {
        IPAddress a = new IPAddressString(part).getAddress();
        if (a == null) throw new Unreadable("address " + part);
        yield a.toCanonicalString();
      }
      case NAME -> part.toLowerCase(Locale.ROOT);
      case IFNAME -> part;
    };
  }

  /** Whether a part can be found by exact lookup: not a prefix, range or wildcard. */
  static boolean exact(NftSelector.Kind kind, String part) {
    if (part.equals("*") || kind == NftSelector.Kind.IFNAME && part.endsWith("*")) return false;
    if (kind == NftSelector.Kind.ADDRESS) return part.indexOf('/') < 0 && part.indexOf('-') < 0;
    return kind == NftSelector.Kind.IFNAME || kind == NftSelector.Kind.NAME || part.indexOf('-') < 0;
  }

  private static boolean addressMatches(String value, String part) {
    IPAddress v = new IPAddressString(value).getAddress();
    if (v == null) throw new Unreadable("address " + value);
    int dash = part.indexOf('-');
    if (dash > 0) {
      IPAddress lo = new IPAddressString(part.substring(0, dash)).getAddress();
      IPAddress hi = new IPAddressString(part.substring(dash + 1)).getAddress();
      if (lo == null || hi == null) throw new Unreadable("address range " + part);
      return lo.getIPVersion() == v.getIPVersion() && lo.spanWithRange(hi).contains(v);
    }
    IPAddress p = new IPAddressString(part).getAddress();
    if (p == null) throw new Unreadable("address " + part);
    if (p.getIPVersion() != v.getIPVersion()) return false;
    return p.isPrefixed() ? p.toPrefixBlock().contains(v) : p.equals(v);
  }

  private static long protocol(String part) {
    Integer n = PROTOCOLS.get(part.toLowerCase(Locale.ROOT));
    if (n != null) return n;
    if (part.chars().allMatch(Character::isDigit)) return Long.parseLong(part);
    throw new Unreadable("protocol " + part);
  }

  private static long port(String part) {
    Integer n = SERVICES.get(part);
    if (n != null) return n;
    if (!part.isEmpty() && part.chars().allMatch(Character::isDigit)) return Long.parseLong(part);
    throw new Unreadable("service " + part);
  }

  private interface Parse {
    long of(String s);
  }

  private static boolean inRange(long v, String part, Parse parse) {
    int dash = part.indexOf('-', 1);
    if (dash > 0) return parse.of(part.substring(0, dash)) <= v && v <= parse.of(part.substring(dash + 1));
    return parse.of(part) == v;
  }

  /** {@code <}, {@code >}, {@code <=}, {@code >=} on a numeric field. */
  static boolean compare(String op, long v, long limit) {
    return switch (op) {
      case "<" -> v < limit;
      case ">" -> v > limit;
      case "<=" -> v <= limit;
      default -> v >= limit;
    };
  }

  /** Whether every part of an element matches its field; a catch-all element matches anything. */
  static boolean elementMatches(List<NftSelector> sels, List<String> values, List<String> key) {
    if (key.size() == 1 && key.get(0).equals("*")) return true;
    if (key.size() != sels.size()) throw new Unreadable("element " + String.join(" . ", key) + " has "
        + key.size() + " part(s) for " + sels.size() + " field(s)");
    for (int k = 0; k < key.size(); k++) {
      if (!matches(sels.get(k).kind, values.get(k), key.get(k))) return false;
    }
    return true;
  }
}
