package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.NfMatch;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.trace.Proto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a long chain (kube-proxy's KUBE-SERVICES: one or two per Service port) bucketed by what they require of
 * the packet: a single destination address, and where written, a protocol and destination port. A packet's candidates
 * are its (destination, protocol, port) bucket, its destination bucket and the rules no bucket holds; the walk merges
 * them by rule index, so first-match order is exactly the chain's.
 */
final class IptablesChainIndex {
  private static final int[] NONE = new int[0];

  private record Key(int family, long hi, long lo, Proto proto, int port) {}

  private final Map<Key, int[]> buckets;
  private final int[] unindexed;

  IptablesChainIndex(List<NfRule> rules) {
    Map<Key, List<Integer>> b = new HashMap<>();
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Key k = key(rules.get(i));
      if (k == null) rest.add(i);
      else b.computeIfAbsent(k, x -> new ArrayList<>(2)).add(i);
    }
    buckets = new HashMap<>(b.size() * 2);
    b.forEach((k, v) -> buckets.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    unindexed = rest.stream().mapToInt(Integer::intValue).toArray();
  }

  int[][] candidates(IptablesAddress dst, Proto proto, int dport) {
    if (dst == null) return new int[][] {all()};
    int[] exact = buckets.getOrDefault(new Key(dst.family(), dst.hi(), dst.lo(), proto, dport), NONE);
    int[] byDst = buckets.getOrDefault(new Key(dst.family(), dst.hi(), dst.lo(), null, -1), NONE);
    return new int[][] {exact, byDst, unindexed};
  }

  private int[] all() {
    List<Integer> l = new ArrayList<>();
    buckets.values().forEach(a -> { for (int i : a) l.add(i); });
    for (int i : unindexed) l.add(i);
    return l.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** The bucket a rule belongs to, or null when it does not require a single destination address. */
  private static Key key(NfRule r) {
    IptablesAddress dst = null;
    Proto proto = null;
    String dport = null;
    int destinations = 0;
    for (NfMatch m : r.matches()) {
      switch (m.module()) {
        case "destination" -> {
          destinations++;
          if (!m.negated("destination")) dst = IptablesAddress.parse(m.option("destination"));
        }
        case "protocol" -> {
          if (!m.negated("protocol")) proto = Proto.parse(m.option("protocol")).orElse(null);
        }
        case "tcp", "udp", "sctp" -> {
          String d = m.option("dport") != null ? m.option("dport") : m.option("destination-port");
          boolean neg = m.negated("dport") || m.negated("destination-port");
          if (d != null && !neg && d.indexOf(':') < 0) dport = d;
        }
        default -> { }
      }
    }
    if (destinations != 1 || dst == null || !dst.isHost()) return null;
    if (proto == null || proto == Proto.ICMP || dport == null) return new Key(dst.family(), dst.hi(), dst.lo(), null, -1);
    try {
      return new Key(dst.family(), dst.hi(), dst.lo(), proto, Integer.parseInt(dport));
    } catch (NumberFormatException e) {
      return new Key(dst.family(), dst.hi(), dst.lo(), null, -1);
    }
  }
}
