package dev.packetwalk.capture;

/**
 * Closed set of things the capture analysis reports. Where Wireshark has a name for the same thing, {@link #key()}
 * is that display-filter field and {@link #severity()} its expert severity; our own readings use a
 * {@code packetwalk.*} key.
 */
public enum ProblemKind {
  TCP_RETRANSMISSION("tcp.analysis.retransmission", Severity.NOTE),
  TCP_FAST_RETRANSMISSION("tcp.analysis.fast_retransmission", Severity.NOTE),
  TCP_SPURIOUS_RETRANSMISSION("tcp.analysis.spurious_retransmission", Severity.NOTE),
  TCP_OUT_OF_ORDER("tcp.analysis.out_of_order", Severity.WARN),
  TCP_LOST_SEGMENT("tcp.analysis.lost_segment", Severity.WARN),
  TCP_ACK_LOST_SEGMENT("tcp.analysis.ack_lost_segment", Severity.WARN),
  TCP_DUPLICATE_ACK("tcp.analysis.duplicate_ack", Severity.NOTE),
  TCP_ZERO_WINDOW("tcp.analysis.zero_window", Severity.WARN),
  TCP_KEEP_ALIVE("tcp.analysis.keep_alive", Severity.NOTE),
  TCP_REUSED_PORTS("tcp.analysis.reused_ports", Severity.NOTE),
  /** RST after the connection was established (Wireshark flags every RST as tcp.connection.rst). */
  TCP_RESET("tcp.connection.rst", Severity.WARN),
  /** SYN with no reply at all: a silent drop (firewall DROP, NetworkPolicy, black-holed route). */
  TCP_SYN_UNANSWERED("packetwalk.tcp.syn_unanswered", Severity.ERROR),
  /** RST in reply to a SYN: nothing listens on that port, or a REJECT --reject-with tcp-reset. */
  TCP_CONNECTION_REFUSED("packetwalk.tcp.refused", Severity.ERROR),
  /** ICMP unreachable in reply to a SYN: what kube-proxy's REJECT for a Service with no endpoints looks like. */
  TCP_CONNECTION_REJECTED("packetwalk.tcp.rejected", Severity.ERROR),
  DNS_NO_RESPONSE("packetwalk.dns.no_response", Severity.WARN),
  DNS_NXDOMAIN("packetwalk.dns.nxdomain", Severity.WARN),
  DNS_SERVFAIL("packetwalk.dns.servfail", Severity.ERROR),
  DNS_REFUSED("packetwalk.dns.refused", Severity.ERROR),
  /** A truncated (TC) UDP answer the client did not retry over TCP. */
  DNS_TRUNCATED_NO_TCP_RETRY("packetwalk.dns.truncated_no_tcp_retry", Severity.WARN),
  /** Parallel A/AAAA from one socket where one is lost and retried ~5 s later: the conntrack insert race. */
  DNS_CONNTRACK_RACE("packetwalk.dns.conntrack_race", Severity.WARN),
  /** NXDOMAIN answers to resolv.conf search-list candidates before a name resolved: noise, summarised. */
  DNS_SEARCH_EXPANSION("packetwalk.dns.search_expansion", Severity.CHAT),
  /** ICMP fragmentation needed (type 3 code 4): path MTU smaller than what was sent with DF. */
  ICMP_FRAGMENTATION_NEEDED("icmp.type==3 && icmp.code==4", Severity.WARN),
  /** ICMPv6 packet too big (type 2). */
  ICMPV6_PACKET_TOO_BIG("icmpv6.type==2", Severity.WARN),
  /** ICMP destination unreachable not tied to a TCP handshake (e.g. port unreachable for a UDP query). */
  ICMP_UNREACHABLE("icmp.type==3", Severity.WARN),
  ICMP_ECHO_NO_REPLY("icmp.resp_not_found", Severity.NOTE),
  ARP_NO_REPLY("packetwalk.arp.no_reply", Severity.WARN);

  private final String key;
  private final Severity severity;

  ProblemKind(String key, Severity severity) {
    this.key = key;
    this.severity = severity;
  }

  public String key() {
    return key;
  }

  public Severity severity() {
    return severity;
  }
}
