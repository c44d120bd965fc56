package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.IpAddr;
import dev.packetwalk.parse.pcap.PacketView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** ARP requests that nobody answered: a neighbour that is down, or a pod IP that left the node. */
final class ArpTracker {
  private static final int MAX_TARGETS = 100_000;

  private static final class Pending {
    final IpAddr asker;
    long count;
    final List<Long> packets = new ArrayList<>();

    Pending(IpAddr asker) {
      this.asker = asker;
    }
  }

  private final Map<IpAddr, Pending> pending = new TreeMap<>();

  void onPacket(PacketView v) {
    if (v.srcHi() == v.dstHi() && v.srcLo() == v.dstLo()) {
      return; // gratuitous ARP announces, it asks nothing
    }
    if (v.arpOp() == 1) {
      IpAddr target = v.dst();
      Pending p = pending.get(target);
      if (p == null) {
        if (pending.size() >= MAX_TARGETS) {
          return;
        }
        p = new Pending(v.src());
        pending.put(target, p);
      }
      p.count++;
      if (p.packets.size() < Problem.MAX_PACKETS) {
        p.packets.add(v.number());
      }
    } else if (v.arpOp() == 2) {
      pending.remove(v.src());
    }
  }

  List<Problem> problems() {
    List<Problem> out = new ArrayList<>();
    pending.forEach((target, p) -> out.add(new Problem(ProblemKind.ARP_NO_REPLY, null, p.asker + " asked " + p.count
        + " time(s) who has " + target + " and got no ARP reply", p.count, p.packets)));
    return out;
  }
}
