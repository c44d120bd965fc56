package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.DnsMessage;
import dev.packetwalk.parse.pcap.IpAddr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pairs DNS queries with responses by (client, id, name), as Wireshark's DNS transaction table does, then reads the
 * result the way a Kubernetes operator would: search-list NXDOMAINs before a success are noise, a parallel A/AAAA
 * pair where one question is only answered after a ~5 s retry is the conntrack insert race (kubernetes#56903).
 */
final class DnsTracker {
  /** Keeps memory bounded on DNS-heavy captures; later questions are counted, not tracked. */
  private static final int MAX_TRANSACTIONS = 500_000;
  /** glibc's resolver timeout; the race shows as a retry after this long. */
  private static final long RACE_RETRY_MIN_NANOS = 4_000_000_000L, RACE_RETRY_MAX_NANOS = 6_500_000_000L;
  /** A and AAAA sent "in parallel" from one socket leave within this window. */
  private static final long PARALLEL_NANOS = 200_000_000L;

  /**
   * The latest transaction per (client, id, name): open addressing keyed on primitives, so that matching a response
   * allocates nothing (a HashMap with record keys allocated a key and two addresses per message).
   */
  private DnsTransaction[] latest = new DnsTransaction[1 << 17]; // a busy node's capture: no rehash on the way
  /** Hash of each slot's key, compared before touching the transaction (a cache miss per probe otherwise). */
  private int[] latestHash = new int[1 << 17];
  private int latestSize;
  /** Hash of the key of the last {@link #slot} call. */
  private int lastHash;
  private final List<DnsTransaction> all = new ArrayList<>();
  private long queries, responses, retransmitted, unsolicited, untracked;
  private long queryPackets, responsePackets;
  private long lastQueryPacket, lastResponsePacket;

  void onMessage(DnsMessage m, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, boolean tcp, long packet,
      long nanos) {
    if (!m.response()) {
      queries++;
      if (packet != lastQueryPacket) {
        queryPackets++;
        lastQueryPacket = packet;
      }
      int slot = slot(srcHi, srcLo, m.id(), m.qname());
      DnsTransaction t = latest[slot];
      if (t != null && !t.answered()) {
        retransmitted++;
        t.retry(packet);
        if (t.firstRetryNanos == 0) {
          t.firstRetryNanos = nanos;
        }
        t.lastQueryNanos = nanos;
        return;
      }
      if (all.size() >= MAX_TRANSACTIONS) {
        untracked++;
        return;
      }
      IpAddr src = t != null ? t.client : new IpAddr(srcHi, srcLo);
      t = new DnsTransaction(src, srcPort, new IpAddr(dstHi, dstLo), m.id(), m.qname(), m.qtype(), tcp, packet,
          nanos);
      latestHash[slot] = lastHash;
      if (latest[slot] == null && ++latestSize * 2 > latest.length) {
        latest[slot] = t;
        grow();
      } else {
        latest[slot] = t;
      }
      all.add(t);
      return;
    }
    responses++;
    if (packet != lastResponsePacket) {
      responsePackets++;
      lastResponsePacket = packet;
    }
    DnsTransaction t = latest[slot(dstHi, dstLo, m.id(), m.qname())];
    if (t == null || t.answered()) {
      unsolicited++;
      return;
    }
    t.responsePacket = packet;
    t.responseNanos = nanos;
    t.rcode = m.rcode();
    t.answers = m.answers();
    t.truncated = m.truncated();
  }

  /** Slot of (client, id, qname) in {@link #latest}: the matching transaction, or the empty slot for it. */
  private int slot(long clientHi, long clientLo, int id, String qname) {
    DnsTransaction[] tab = latest;
    int[] hashes = latestHash;
    int mask = tab.length - 1;
    int h = hash(clientHi, clientLo, id, qname.hashCode());
    lastHash = h;
    int i = h & mask;
    DnsTransaction t;
    while ((t = tab[i]) != null) {
      if (hashes[i] == h && t.id == id && t.client.lo() == clientLo && t.client.hi() == clientHi
          && t.qname.equals(qname)) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    DnsTransaction[] old = latest;
    int[] oldHashes = latestHash;
    DnsTransaction[] tab = new DnsTransaction[old.length * 2];
    int[] hashes = new int[tab.length];
    int mask = tab.length - 1;
    for (int j = 0; j < old.length; j++) {
      if (old[j] != null) {
        int i = oldHashes[j] & mask;
        while (tab[i] != null) {
          i = (i + 1) & mask;
        }
        tab[i] = old[j];
        hashes[i] = oldHashes[j];
      }
    }
    latest = tab;
    latestHash = hashes;
  }

  private static int hash(long hi, long lo, int id, int name) {
    long h = (hi * 0x9E3779B97F4A7C15L ^ lo) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ ((long) id << 32 | (name & 0xFFFF_FFFFL))) * 0x165667B19E3779F9L;
    return (int) (h ^ (h >>> 31) ^ (h >>> 47));
  }

  /** An ICMP error quoting a UDP query from {@code client:port} to {@code server}. */
  void onIcmpError(IpAddr client, int clientPort, IpAddr server, long packet) {
    for (int i = all.size() - 1; i >= 0 && i >= all.size() - 256; i--) {
      DnsTransaction t = all.get(i);
      if (!t.answered() && t.icmpPacket == 0 && t.clientPort == clientPort && t.client.equals(client)
          && t.server.equals(server)) {
        t.icmpPacket = packet;
        return;
      }
    }
  }

  DnsSummary summary(long searchExpansion) {
    // primitive tallies: the rcode is 4 bits, latencies a long[] (no boxing per transaction)
    long[] perRcode = new long[16];
    long[] latencies = new long[all.size()];
    int answered = 0;
    long unanswered = 0;
    for (DnsTransaction t : all) {
      if (t.answered()) {
        perRcode[t.rcode & 0xF]++;
        latencies[answered++] = (t.responseNanos - t.queryNanos) / 1000;
      } else {
        unanswered++;
      }
    }
    Map<String, Long> rcodes = new TreeMap<>();
    for (int r = 0; r < perRcode.length; r++) {
      if (perRcode[r] > 0) {
        rcodes.put(DnsMessage.rcodeName(r), perRcode[r]);
      }
    }
    java.util.Arrays.sort(latencies, 0, answered);
    long median = answered == 0 ? 0 : latencies[answered / 2];
    long max = answered == 0 ? 0 : latencies[answered - 1];
    return new DnsSummary(queries, responses, queryPackets, responsePackets, all.size() + untracked, unanswered, retransmitted, unsolicited, rcodes,
        searchExpansion, median, max);
  }

  /** Findings; also returns through {@code searchExpansion[0]} how many NXDOMAINs were search-list noise. */
  List<Problem> problems(long[] searchExpansion) {
    List<Problem> out = new ArrayList<>();
    Set<DnsTransaction> explained = new HashSet<>();
    conntrackRace(out, explained);
    Map<String, List<DnsTransaction>> unanswered = new TreeMap<>();
    Map<String, List<DnsTransaction>> servfail = new TreeMap<>();
    Map<String, List<DnsTransaction>> refused = new TreeMap<>();
    for (DnsTransaction t : all) {
      if (!explained.isEmpty() && explained.contains(t)) {
        continue;
      }
      if (!t.answered()) {
        unanswered.computeIfAbsent(t.qname + " " + DnsMessage.qtypeName(t.qtype), k -> new ArrayList<>()).add(t);
      } else if (t.rcode == DnsMessage.SERVFAIL) {
        servfail.computeIfAbsent(t.qname, k -> new ArrayList<>()).add(t);
      } else if (t.rcode == DnsMessage.REFUSED) {
        refused.computeIfAbsent(t.qname, k -> new ArrayList<>()).add(t);
      } else if (t.truncated && !t.overTcp && !retriedOverTcp(t)) {
        out.add(new Problem(ProblemKind.DNS_TRUNCATED_NO_TCP_RETRY, flowOf(t), "answer for " + t.qname + " "
            + DnsMessage.qtypeName(t.qtype) + " was truncated (TC) and the client never asked again over TCP", 1,
            List.of(t.queryPacket, t.responsePacket)));
      }
    }
    unanswered.forEach((name, ts) -> out.add(group(ProblemKind.DNS_NO_RESPONSE, ts, noResponseDetail(name, ts),
        true)));
    servfail.forEach((name, ts) -> out.add(group(ProblemKind.DNS_SERVFAIL, ts, "server failure (SERVFAIL) for "
        + name, false)));
    refused.forEach((name, ts) -> out.add(group(ProblemKind.DNS_REFUSED, ts, "server refused (REFUSED) " + name,
        false)));
    searchExpansion[0] = nxdomain(out);
    return out;
  }

  private void conntrackRace(List<Problem> out, Set<DnsTransaction> explained) {
    for (int i = 0; i < all.size(); i++) {
      DnsTransaction t = all.get(i);
      long wait = t.firstRetryNanos - t.queryNanos;
      if (t.firstRetryNanos == 0 || wait < RACE_RETRY_MIN_NANOS || wait > RACE_RETRY_MAX_NANOS || t.overTcp) {
        continue;
      }
      for (int j = Math.max(0, i - 16); j < Math.min(all.size(), i + 16); j++) {
        DnsTransaction s = all.get(j);
        if (s != t && s.qtype != t.qtype && s.clientPort == t.clientPort && s.client.equals(t.client)
            && s.qname.equals(t.qname) && Math.abs(s.queryNanos - t.queryNanos) <= PARALLEL_NANOS && s.answered()
            && s.responseNanos < t.firstRetryNanos) {
          List<Long> pk = new ArrayList<>(List.of(s.queryPacket, t.queryPacket, s.responsePacket));
          pk.addAll(t.retryPackets);
          if (t.answered()) {
            pk.add(t.responsePacket);
          }
          out.add(new Problem(ProblemKind.DNS_CONNTRACK_RACE, flowOf(t), String.format(
              "%s and %s for %s left socket %s:%d together; %s was answered, %s only after a retry %.1f s later"
                  + " (lost to the conntrack insert race; see conntrack -S insert_failed)",
              DnsMessage.qtypeName(s.qtype), DnsMessage.qtypeName(t.qtype), t.qname, t.client, t.clientPort,
              DnsMessage.qtypeName(s.qtype), DnsMessage.qtypeName(t.qtype), wait / 1e9), 1,
              pk.stream().sorted().toList()));
          explained.add(t);
          break;
        }
      }
    }
  }

  /**
   * NXDOMAIN answers grouped by (client, first label). With ndots:5 a pod asking for {@code api} or
   * {@code google.com} first tries {@code api.<ns>.svc.cluster.local} and the other search suffixes; those share
   * the first label with the name that finally resolves. A group with a NoError answer is noise; a group without one
   * is a name that does not exist under any suffix: one finding for the whole group.
   */
  private long nxdomain(List<Problem> out) {
    Map<String, List<DnsTransaction>> families = new HashMap<>();
    Map<String, DnsTransaction> success = new HashMap<>();
    Map<IpAddr, String> clientText = new HashMap<>();
    for (DnsTransaction t : all) {
      if (!t.answered()) {
        continue;
      }
      String family = clientText.computeIfAbsent(t.client, IpAddr::toString) + " " + firstLabel(t.qname);
      if (t.rcode == DnsMessage.NXDOMAIN) {
        families.computeIfAbsent(family, k -> new ArrayList<>()).add(t);
      } else if (t.rcode == DnsMessage.NOERROR) {
        success.putIfAbsent(family, t);
      }
    }
    long noise = 0;
    Map<String, List<DnsTransaction>> noiseByName = new TreeMap<>();
    Map<String, List<DnsTransaction>> missing = new TreeMap<>();
    String[] familyNames = families.keySet().toArray(new String[0]);
    java.util.Arrays.sort(familyNames); // the order a TreeMap would iterate in
    for (String familyName : familyNames) {
      List<DnsTransaction> members = families.get(familyName);
      DnsTransaction ok = success.get(familyName);
      if (ok != null) {
        noise += members.size();
        noiseByName.computeIfAbsent(ok.qname, k -> new ArrayList<>()).addAll(members);
      } else {
        missing.computeIfAbsent(firstLabel(members.get(0).qname), k -> new ArrayList<>()).addAll(members);
      }
    }
    noiseByName.forEach((name, ts) -> out.add(group(ProblemKind.DNS_SEARCH_EXPANSION, ts, ts.size()
        + " NXDOMAIN answers for resolv.conf search-list candidates (e.g. " + ts.get(0).qname + ") before " + name
        + " resolved; expected with ndots:5, not an error", false)));
    missing.forEach((label, ts) -> {
      List<String> names = ts.stream().map(t -> t.qname).distinct().limit(5).toList();
      out.add(group(ProblemKind.DNS_NXDOMAIN, ts, "no such name (NXDOMAIN) under any search suffix: "
          + String.join(", ", names) + (ts.stream().map(t -> t.qname).distinct().count() > 5 ? ", ..." : ""), false));
    });
    return noise;
  }

  private boolean retriedOverTcp(DnsTransaction t) {
    for (DnsTransaction o : all) {
      if (o.overTcp && o.queryNanos >= t.responseNanos && o.qname.equals(t.qname) && o.client.equals(t.client)) {
        return true;
      }
    }
    return false;
  }

  private static String noResponseDetail(String question, List<DnsTransaction> ts) {
    long retries = ts.stream().mapToLong(t -> t.retryPackets.size()).sum();
    long icmp = ts.stream().filter(t -> t.icmpPacket != 0).count();
    return "no response to " + question + " from " + ts.get(0).server + " (" + ts.size() + " question(s), "
        + retries + " retransmission(s)" + (icmp > 0 ? ", " + icmp + " answered by an ICMP error instead" : "")
        + ")";
  }

  /** One finding for several transactions: packets are queries, retries, responses and ICMP errors. */
  private static Problem group(ProblemKind kind, List<DnsTransaction> ts, String detail, boolean withRetries) {
    // primitive array and sort: a group may hold thousands of transactions (search-list noise)
    long[] packets = new long[ts.size() * 2 + 8];
    int n = 0;
    for (DnsTransaction t : ts) {
      int room = 2 + (withRetries ? t.retryPackets.size() : 0);
      if (n + room > packets.length) {
        packets = java.util.Arrays.copyOf(packets, Math.max(packets.length * 2, n + room));
      }
      packets[n++] = t.answered() ? t.responsePacket : t.queryPacket;
      if (withRetries) {
        for (Long p : t.retryPackets) {
          packets[n++] = p;
        }
      }
      if (t.icmpPacket != 0) {
        packets[n++] = t.icmpPacket;
      }
    }
    java.util.Arrays.sort(packets, 0, n);
    List<Long> sorted = new ArrayList<>(Math.min(n, Problem.MAX_PACKETS));
    for (int i = 0; i < n && i < Problem.MAX_PACKETS; i++) {
      sorted.add(packets[i]);
    }
    // one flow when every transaction has the first one's flow key (without building a FlowKey per transaction)
    DnsTransaction first = ts.get(0);
    boolean oneFlow = true;
    for (DnsTransaction t : ts) {
      if (t.overTcp != first.overTcp || t.clientPort != first.clientPort || !t.client.equals(first.client)
          || !t.server.equals(first.server)) {
        oneFlow = false;
        break;
      }
    }
    return new Problem(kind, oneFlow ? flowOf(first) : null, detail, ts.size(), sorted);
  }

  private static FlowKey flowOf(DnsTransaction t) {
    return new FlowKey(t.overTcp ? 6 : 17, t.client, t.clientPort, t.server, 53);
  }

  private static String firstLabel(String qname) {
    int dot = qname.indexOf('.');
    return dot < 0 ? qname : qname.substring(0, dot);
  }
}
