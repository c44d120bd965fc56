package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.IpAddr;
import java.util.ArrayList;
import java.util.List;

/** One DNS question from a client and what came of it; mutable while the pass runs. */
final class DnsTransaction {
  final IpAddr client;
  final int clientPort;
  final IpAddr server;
  final int id;
  final String qname;
  final int qtype;
  final boolean overTcp;
  final long queryPacket;
  final long queryNanos;
  /** Empty (shared) until the first retry: most questions are never retried. */
  List<Long> retryPackets = List.of();
  long lastQueryNanos;
  long firstRetryNanos;
  long responsePacket;
  long responseNanos;
  int rcode = -1;
  int answers;
  boolean truncated;
  long icmpPacket;

  DnsTransaction(IpAddr client, int clientPort, IpAddr server, int id, String qname, int qtype, boolean overTcp,
      long queryPacket, long queryNanos) {
    this.client = client;
    this.clientPort = clientPort;
    this.server = server;
    this.id = id;
    this.qname = qname;
    this.qtype = qtype;
    this.overTcp = overTcp;
    this.queryPacket = queryPacket;
    this.queryNanos = queryNanos;
    this.lastQueryNanos = queryNanos;
  }

  void retry(long packet) {
    if (retryPackets.isEmpty()) {
      retryPackets = new ArrayList<>(2);
    }
    retryPackets.add(packet);
  }

  boolean answered() {
    return responsePacket != 0;
  }
}
