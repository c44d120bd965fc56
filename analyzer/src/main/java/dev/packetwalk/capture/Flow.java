package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.Encapsulation;
import dev.packetwalk.parse.pcap.IpAddr;

/** Mutable state of one flow during the pass; direction 0 is from the side that sent the first packet. */
final class Flow {
  final long srcHi, srcLo, dstHi, dstLo;
  final int srcPort, dstPort, proto;
  final Encapsulation encapsulation;
  final long firstPacket;
  final long firstNanos;
  long lastPacket;
  long lastNanos;
  /** Per direction; plain fields rather than arrays so that the per-packet update touches only this object. */
  long packets0, packets1, bytes0, bytes1;
  /** Only for TCP. */
  final TcpState tcp;
  EventLog events;
  /** First and last packets, for a timeline if the flow turns out to be a problem. */
  final FlowLog log = new FlowLog();

  Flow(long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort, int proto,
      Encapsulation encapsulation, long firstPacket, long firstNanos) {
    this.srcHi = srcHi;
    this.srcLo = srcLo;
    this.srcPort = srcPort;
    this.dstHi = dstHi;
    this.dstLo = dstLo;
    this.dstPort = dstPort;
    this.proto = proto;
    this.encapsulation = encapsulation;
    this.firstPacket = firstPacket;
    this.firstNanos = firstNanos;
    this.lastPacket = firstPacket;
    this.lastNanos = firstNanos;
    this.tcp = proto == 6 ? new TcpState() : null;
  }

  /** 0 when the packet goes the way the flow's first packet went. */
  int direction(long sHi, long sLo, int sPort) {
    return sHi == srcHi && sLo == srcLo && sPort == srcPort ? 0 : 1;
  }

  void count(int d, int bytes) {
    if (d == 0) {
      packets0++;
      bytes0 += bytes;
    } else {
      packets1++;
      bytes1 += bytes;
    }
  }

  void event(ProblemKind kind, long packet) {
    if (events == null) {
      events = new EventLog();
    }
    events.add(kind, packet);
  }

  FlowKey key() {
    return new FlowKey(proto, new IpAddr(srcHi, srcLo), srcPort, new IpAddr(dstHi, dstLo), dstPort);
  }
}
