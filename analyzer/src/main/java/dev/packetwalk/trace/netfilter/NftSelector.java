package dev.packetwalk.trace.netfilter;

import dev.packetwalk.trace.Proto;
import java.util.Map;

/**
 * The packet and conntrack fields an nft match can read. A field with a family or protocol dependency ({@code ip
 * saddr}, {@code tcp dport}) is absent on other packets, and a match on an absent field is false even with
 * {@code !=}: nft adds the dependency ({@code meta nfproto ipv4}, {@code meta l4proto tcp}) to the rule itself.
 */
enum NftSelector {
  IP_SADDR(Kind.ADDRESS, 4, null),
  IP_DADDR(Kind.ADDRESS, 4, null),
  IP6_SADDR(Kind.ADDRESS, 6, null),
  IP6_DADDR(Kind.ADDRESS, 6, null),
  L4PROTO(Kind.PROTOCOL, 0, null),
  NFPROTO(Kind.NAME, 0, null),
  TH_SPORT(Kind.PORT, 0, null),
  TH_DPORT(Kind.PORT, 0, null),
  TCP_SPORT(Kind.PORT, 0, Proto.TCP),
  TCP_DPORT(Kind.PORT, 0, Proto.TCP),
  UDP_SPORT(Kind.PORT, 0, Proto.UDP),
  UDP_DPORT(Kind.PORT, 0, Proto.UDP),
  SCTP_SPORT(Kind.PORT, 0, Proto.SCTP),
  SCTP_DPORT(Kind.PORT, 0, Proto.SCTP),
  IIFNAME(Kind.IFNAME, 0, null),
  OIFNAME(Kind.IFNAME, 0, null),
  MARK(Kind.NUMBER, 0, null),
  CT_MARK(Kind.NUMBER, 0, null),
  CT_STATE(Kind.NAME, 0, null),
  CT_STATUS(Kind.NAME, 0, null);

  /** How values of a field compare with a rule's literals. */
  enum Kind { ADDRESS, PROTOCOL, PORT, IFNAME, NUMBER, NAME }

  private static final Map<String, NftSelector> BY_TEXT = Map.ofEntries(
      Map.entry("ip saddr", IP_SADDR), Map.entry("ip daddr", IP_DADDR), Map.entry("ip6 saddr", IP6_SADDR),
      Map.entry("ip6 daddr", IP6_DADDR), Map.entry("meta l4proto", L4PROTO), Map.entry("ip protocol", L4PROTO),
      Map.entry("ip6 nexthdr", L4PROTO), Map.entry("meta nfproto", NFPROTO), Map.entry("th sport", TH_SPORT),
      Map.entry("th dport", TH_DPORT), Map.entry("tcp sport", TCP_SPORT), Map.entry("tcp dport", TCP_DPORT),
      Map.entry("udp sport", UDP_SPORT), Map.entry("udp dport", UDP_DPORT), Map.entry("sctp sport", SCTP_SPORT),
      Map.entry("sctp dport", SCTP_DPORT), Map.entry("meta iifname", IIFNAME), Map.entry("iifname", IIFNAME),
      Map.entry("meta oifname", OIFNAME), Map.entry("oifname", OIFNAME), Map.entry("meta mark", MARK),
      Map.entry("mark", MARK), Map.entry("ct mark", CT_MARK), Map.entry("ct state", CT_STATE),
      Map.entry("ct status", CT_STATUS));

  final Kind kind;
  final int family;
  final Proto proto;

  NftSelector(Kind kind, int family, Proto proto) {
    this.kind = kind;
    this.family = family;
    this.proto = proto;
  }

  /** {@code "ip daddr"} → IP_DADDR, or null for a field this evaluator does not read. */
  static NftSelector of(String text) {
    return BY_TEXT.get(text);
  }

  /** How many words the field takes in rule text: {@code mark} and {@code iifname} one, the rest two. */
  static int words(String first) {
    return first.equals("mark") || first.equals("iifname") || first.equals("oifname") ? 1 : 2;
  }
}
