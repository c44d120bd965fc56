package dev.packetwalk.capture;

import java.util.Map;

/**
 * DNS traffic on port 53 in one capture.
 *
 * @param queries query messages (retransmissions included)
 * @param responses response messages
 * @param queryPackets packets carrying at least one query (tshark's frame count for dns.flags.response==0)
 * @param responsePackets packets carrying at least one response
 * @param transactions distinct (client, id, name) questions
 * @param unanswered transactions that never got a response
 * @param retransmittedQueries query messages that repeated an unanswered question
 * @param unsolicitedResponses responses matching no query in the capture
 * @param rcodes answered transactions per RCODE name ("NoError", "NXDomain", ...)
 * @param searchExpansionNxdomain NXDOMAIN answers explained as resolv.conf search-list expansion
 * @param medianLatencyMicros median query-to-response time of answered transactions (first query to response)
 * @param maxLatencyMicros the largest such time
 */
public record DnsSummary(long queries, long responses, long queryPackets, long responsePackets,
    long transactions, long unanswered, long retransmittedQueries,
    long unsolicitedResponses, Map<String, Long> rcodes, long searchExpansionNxdomain, long medianLatencyMicros,
    long maxLatencyMicros) {

  public DnsSummary {
    rcodes = Map.copyOf(rcodes);
  }
}
