package dev.packetwalk.capture;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The packets of one problem flow, as a short table: its first {@link #HEAD} and last {@link #TAIL} packets (the
 * handshake, and what led up to a reset or a give-up), with the count of those in between. ICMP errors that quote
 * the flow are part of it. Gathered during the analysis pass, so showing it costs no second read of the capture.
 *
 * @param problem index into {@code summary.problems()}
 * @param flow the problem's flow, as {@link FlowKey#toString()} prints it
 * @param packets the packets shown, in capture order
 * @param omitted packets of the flow not shown, all of them between {@code packets[omittedAfter - 1]} and
 *     {@code packets[omittedAfter]}
 * @param omittedAfter how many shown packets come before the omitted ones ({@code packets.size()} when none is)
 */
public record Timeline(int problem, String flow, List<Packet> packets, long omitted, int omittedAfter) {
  /** Packets shown from the start of a flow. */
  public static final int HEAD = 6;
  /** Packets shown from the end of a flow. */
  public static final int TAIL = 6;
  public static final int MAX_PACKETS = HEAD + TAIL;
  /** At most this many timelines per capture: the report stays short. */
  public static final int MAX_TIMELINES = 50;
  /**
   * Problems that get a timeline. Per-packet TCP events (retransmissions, duplicate ACKs) do not: their packet
   * numbers are already in the problem.
   */
  public static final Set<ProblemKind> KINDS = EnumSet.of(ProblemKind.TCP_SYN_UNANSWERED,
      ProblemKind.TCP_CONNECTION_REFUSED, ProblemKind.TCP_CONNECTION_REJECTED, ProblemKind.TCP_RESET,
      ProblemKind.DNS_NO_RESPONSE, ProblemKind.DNS_SERVFAIL, ProblemKind.DNS_REFUSED, ProblemKind.DNS_CONNTRACK_RACE,
      ProblemKind.DNS_TRUNCATED_NO_TCP_RETRY, ProblemKind.ICMP_ECHO_NO_REPLY, ProblemKind.ICMP_UNREACHABLE);

  public Timeline {
    packets = List.copyOf(packets);
    if (omitted < 0 || omittedAfter < 0 || omittedAfter > packets.size()) {
      throw new IllegalArgumentException("omitted " + omitted + " after " + omittedAfter + " of " + packets.size());
    }
  }

  /**
   * One packet of a timeline.
   *
   * @param number 1-based packet number in the capture
   * @param relativeMicros time since the capture's first packet
   * @param direction "->" (the problem flow's forward direction), "<-" (the reply direction) or "icmp" (an ICMP
   *     error about the flow, often from a third address)
   * @param summary flags and a short reading: "SYN", "RST, ACK", "ICMP port unreachable", "DNS query, UDP len=40"
   */
  public record Packet(long number, long relativeMicros, String direction, String src, String dst, String summary) {}
}
