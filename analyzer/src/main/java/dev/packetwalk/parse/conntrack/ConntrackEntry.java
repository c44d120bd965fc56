package dev.packetwalk.parse.conntrack;

import java.util.Map;

/**
 * One {@code conntrack -L} line.
 *
 * <pre>
 * ipv4     2 tcp      6 431979 ESTABLISHED src=10.0.0.122 dst=10.0.0.116 sport=50264 dport=5672 src=10.0.0.116 dst=10.0.0.122 sport=5672 dport=50264 [ASSURED] mark=0 use=1
 * udp      17 29 src=10.244.1.5 dst=10.96.0.10 sport=43210 dport=53 [UNREPLIED] src=10.244.2.7 dst=10.244.1.5 sport=53 dport=43210 mark=0 zone=3 use=1
 * </pre>
 *
 * @param l3 {@code ipv4}/{@code ipv6} in the extended form, null in the default form
 * @param l3num the layer-3 number of the extended form (2, 10), or -1
 * @param proto protocol name as printed ({@code tcp}, {@code udp}, {@code icmp}, {@code unknown}, ...)
 * @param protonum protocol number
 * @param ttl seconds left
 * @param tcpState TCP (or SCTP/DCCP) state, or null
 * @param original the original-direction tuple
 * @param reply the reply-direction tuple (its source is the DNAT target, its destination the SNAT address)
 * @param unreplied {@code [UNREPLIED]}
 * @param assured {@code [ASSURED]}
 * @param offload {@code [OFFLOAD]} or {@code [HW_OFFLOAD]}
 * @param mark {@code mark=}, or -1
 * @param zone {@code zone=}, or -1 (0 is printed by nobody; absence means zone 0)
 * @param use {@code use=}, or -1
 * @param extras other {@code key=value} words ({@code secctx}, {@code labels}, {@code delta-time}, ...), usually empty
 * @param line 1-based line number
 */
public record ConntrackEntry(
    String l3,
    int l3num,
    String proto,
    int protonum,
    long ttl,
    String tcpState,
    Tuple original,
    Tuple reply,
    boolean unreplied,
    boolean assured,
    boolean offload,
    long mark,
    int zone,
    int use,
    Map<String, String> extras,
    int line) {

  /**
   * One direction: addresses plus ports (TCP/UDP/SCTP) or type/code/id (ICMP); absent numbers are -1.
   */
  public record Tuple(String src, String dst, int sport, int dport, int type, int code, int id) {}
}
