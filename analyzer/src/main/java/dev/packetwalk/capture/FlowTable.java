package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.Encapsulation;
import java.util.ArrayList;
import java.util.List;

/**
 * Open-addressing hash table from a direction-independent 5-tuple to its {@link Flow}. Lookups take primitives, so
 * the per-packet path allocates nothing; only a new flow allocates. The number of flows is capped: once full,
 * packets of new flows are only counted ({@link #overflowPackets()}), which keeps memory O(cap) on any capture.
 */
final class FlowTable {
  private final int maxFlows;
  /**
   * Hash of each slot's canonical 5-tuple; a probe compares it before touching the flow, and the flow's own fields
   * are the key (one cache miss per lookup, on the flow the caller needs next anyway, instead of a separate key array).
   */
  private int[] hashes;
  private Flow[] slots;
  private int mask;
  private int size;
  private long overflowPackets;
  /**
   * Every flow ever created (live and retired by port reuse), in creation order, which is the order of their first
   * packets: the summary needs no sort.
   */
  private final List<Flow> created = new ArrayList<>();

  FlowTable(int maxFlows) {
    this.maxFlows = maxFlows;
    // sized for a busy node's capture from the start: growing rehashes every flow (and deoptimises the hot loop)
    int cap = Math.min(1 << 15, Integer.highestOneBit(Math.max(1024, maxFlows)) * 2);
    hashes = new int[cap];
    slots = new Flow[cap];
    mask = cap - 1;
  }

  /** Hash of the last locate(). */
  private int lastHash;

  /** Slot holding this 5-tuple (in either direction), or the empty slot where it would go. */
  private int locate(long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, int proto) {
    boolean swap = Long.compareUnsigned(sHi, dHi) > 0
        || (sHi == dHi && (Long.compareUnsigned(sLo, dLo) > 0 || (sLo == dLo && sPort > dPort)));
    long meta = ((long) proto << 32) | ((long) (swap ? dPort : sPort) << 16) | (swap ? sPort : dPort);
    int h = swap ? hash(dHi, dLo, sHi, sLo, meta) : hash(sHi, sLo, dHi, dLo, meta);
    lastHash = h;
    int i = h & mask;
    Flow f;
    while ((f = slots[i]) != null) {
      if (hashes[i] == h && f.proto == proto
          && ((f.srcLo == sLo && f.dstLo == dLo && f.srcPort == sPort && f.dstPort == dPort && f.srcHi == sHi
              && f.dstHi == dHi)
          || (f.srcLo == dLo && f.dstLo == sLo && f.srcPort == dPort && f.dstPort == sPort && f.srcHi == dHi
              && f.dstHi == sHi))) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return i;
  }

  /** The flow of this packet, created if new; {@code null} when the table is full (the packet is counted). */
  Flow get(long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, int proto, Encapsulation encap,
      long packet, long nanos) {
    int i = locate(sHi, sLo, sPort, dHi, dLo, dPort, proto);
    if (slots[i] != null) {
      return slots[i];
    }
    if (size >= maxFlows) {
      overflowPackets++;
      return null;
    }
    Flow f = new Flow(sHi, sLo, sPort, dHi, dLo, dPort, proto, encap, packet, nanos);
    hashes[i] = lastHash;
    slots[i] = f;
    created.add(f);
    if (++size * 2 > slots.length) {
      grow();
    }
    return f;
  }

  /** Looks a flow up without creating it (for ICMP errors quoting a packet). */
  Flow find(long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, int proto) {
    return slots[locate(sHi, sLo, sPort, dHi, dLo, dPort, proto)];
  }

  /** Replaces {@code old} by a fresh flow starting at this packet: a new connection on reused ports. */
  Flow restart(Flow old, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, Encapsulation encap,
      long packet, long nanos) {
    int i = locate(sHi, sLo, sPort, dHi, dLo, dPort, old.proto);
    if (slots[i] != old) {
      throw new IllegalStateException("flow not in table");
    }
    Flow f = new Flow(sHi, sLo, sPort, dHi, dLo, dPort, old.proto, encap, packet, nanos);
    slots[i] = f;
    created.add(f);
    return f;
  }

  long overflowPackets() {
    return overflowPackets;
  }

  /** Every flow, live and retired, ordered by first packet. */
  List<Flow> all() {
    return new ArrayList<>(created);
  }

  private void grow() {
    int[] oldHashes = hashes;
    Flow[] oldSlots = slots;
    int cap = oldSlots.length * 2;
    hashes = new int[cap];
    slots = new Flow[cap];
    mask = cap - 1;
    for (int j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] == null) {
        continue;
      }
      int i = oldHashes[j] & mask;
      while (slots[i] != null) {
        i = (i + 1) & mask;
      }
      hashes[i] = oldHashes[j];
      slots[i] = oldSlots[j];
    }
  }

  private static int hash(long a, long b, long c, long d, long e) {
    long h = a * 0x9E3779B97F4A7C15L;
    h = (h ^ b) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ c) * 0x165667B19E3779F9L;
    h = (h ^ d) * 0x9E3779B97F4A7C15L;
    h = (h ^ e) * 0xC2B2AE3D27D4EB4FL;
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }
}
