package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.CaptureReadResult;
import dev.packetwalk.parse.pcap.CaptureReader;
import dev.packetwalk.parse.pcap.DnsDecoder;
import dev.packetwalk.parse.pcap.DnsMessage;
import dev.packetwalk.parse.pcap.IpAddr;
import dev.packetwalk.parse.pcap.LinkType;
import dev.packetwalk.parse.pcap.Network;
import dev.packetwalk.parse.pcap.PacketView;
import dev.packetwalk.parse.pcap.PacketVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis pass: a {@link PacketVisitor} that feeds the flow table, TCP analysis, DNS, ICMP and ARP trackers,
 * then folds their state into an immutable {@link CaptureSummary}.
 *
 * <pre>{@code
 * CaptureSummary s = CaptureAnalyzer.analyze("nodes/n1/tcpdump-any.pcap.gz", tarEntryStream);
 * s.problems(ProblemKind.TCP_CONNECTION_REFUSED).forEach(p -> System.out.println(p.flow() + " " + p.packets()));
 * }</pre>
 */
public final class CaptureAnalyzer implements PacketVisitor {
  /** Default flow-table cap: about 100 MB of state at most, whatever the capture size. */
  public static final int DEFAULT_MAX_FLOWS = 250_000;
  public static final int TOP_TALKERS = 10;

  private static final ProblemKind[] PER_FLOW_KINDS = {ProblemKind.TCP_RETRANSMISSION,
      ProblemKind.TCP_FAST_RETRANSMISSION, ProblemKind.TCP_SPURIOUS_RETRANSMISSION, ProblemKind.TCP_OUT_OF_ORDER,
      ProblemKind.TCP_LOST_SEGMENT, ProblemKind.TCP_ACK_LOST_SEGMENT, ProblemKind.TCP_DUPLICATE_ACK,
      ProblemKind.TCP_ZERO_WINDOW, ProblemKind.TCP_REUSED_PORTS, ProblemKind.TCP_RESET};

  private final FlowTable flows;
  private final DnsTracker dns = new DnsTracker();
  private final IcmpTracker icmp = new IcmpTracker();
  private final ArpTracker arp = new ArpTracker();
  /** Analysis flags of the current TCP segment. */
  private int segmentFlags;

  public CaptureAnalyzer() {
    this(DEFAULT_MAX_FLOWS);
  }

  public CaptureAnalyzer(int maxFlows) {
    this.flows = new FlowTable(maxFlows);
  }

  public static CaptureSummary analyze(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return analyze(file.toString(), in);
    }
  }

  /** Reads and analyses a whole capture (pcap, pcapng, optionally gzip'd) from a stream, never extracting it. */
  public static CaptureSummary analyze(String file, InputStream in) {
    CaptureAnalyzer a = new CaptureAnalyzer();
    return a.summarize(CaptureReader.read(file, in, a));
  }

  @Override
  public void onPacket(PacketView v) {
    Network net = v.network();
    if (net == Network.ARP) {
      arp.onPacket(v);
      return;
    }
    if (net == Network.NONE || v.isLaterFragment()) {
      return;
    }
    if (v.isIcmp()) {
      icmp.onPacket(v, flows, dns);
      if (v.hasQuoted()) { // only errors quote a packet
        Flow quoted = flows.find(v.quotedSrcHi(), v.quotedSrcLo(), v.quotedSrcPort(), v.quotedDstHi(),
            v.quotedDstLo(), v.quotedDstPort(), v.quotedProto());
        if (quoted != null) quoted.log.addIcmpError(v);
      }
    }
    int sPort = v.hasPorts() ? v.srcPort() : 0;
    int dPort = v.hasPorts() ? v.dstPort() : 0;
    int proto = v.ipProto();
    if (proto == 6 && !v.hasPorts()) {
      return; // TCP header cut off: no flow to attribute it to
    }
    Flow f = flows.get(v.srcHi(), v.srcLo(), sPort, v.dstHi(), v.dstLo(), dPort, proto, v.encapsulation(),
        v.number(), v.timestampNanos());
    if (f == null) {
      return;
    }
    int d = f.direction(v.srcHi(), v.srcLo(), sPort);
    segmentFlags = 0;
    if (proto == 6) {
      f = tcp(v, f, d);
      d = f.direction(v.srcHi(), v.srcLo(), sPort);
    }
    f.count(d, v.originalLength());
    f.log.add(v, d);
    f.lastPacket = v.number();
    f.lastNanos = Math.max(f.lastNanos, v.timestampNanos());
    // like Wireshark, do not dissect application data again in a retransmitted segment
    boolean resent = (segmentFlags & (TcpSequenceAnalysis.RETRANSMISSION | TcpSequenceAnalysis.FAST_RETRANSMISSION
        | TcpSequenceAnalysis.SPURIOUS_RETRANSMISSION)) != 0;
    if ((sPort == 53 || dPort == 53) && v.capturedPayloadLength() >= 12 && !resent) {
      dns(v, proto);
    }
  }

  private Flow tcp(PacketView v, Flow f, int d) {
    int flags = v.tcpFlags();
    boolean syn = (flags & (PacketView.SYN | PacketView.ACK)) == PacketView.SYN;
    TcpState.TcpDirection fwd = f.tcp.dir(d);
    if (syn && fwd.baseSeqSet && v.tcpSeq() != fwd.baseSeq) {
      // a new SYN with another ISN on the same 4-tuple: Wireshark starts a new tcp.stream here
      Flow old = f;
      f = flows.restart(old, v.srcHi(), v.srcLo(), v.srcPort(), v.dstHi(), v.dstLo(), v.dstPort(),
          v.encapsulation(), v.number(), v.timestampNanos());
      f.event(ProblemKind.TCP_REUSED_PORTS, v.number());
      d = 0;
    }
    TcpState t = f.tcp;
    long n = v.number();
    long now = v.timestampNanos();
    if (syn) {
      t.lastSynNanos = now;
      if (t.synPacket == 0) {
        t.synPacket = n;
        t.synDirection = d;
      }
      if (t.synCount < t.synPackets.length) {
        t.synPackets[(int) t.synCount] = n;
      }
      t.synCount++;
    } else if ((flags & (PacketView.SYN | PacketView.ACK)) == (PacketView.SYN | PacketView.ACK)) {
      if (t.synAckPacket == 0) {
        t.synAckPacket = n;
      }
    } else if ((flags & PacketView.ACK) != 0 && t.lastSynNanos >= 0 && t.firstRttNanos == 0) {
      t.firstRttNanos = now - t.lastSynNanos;
    }
    if ((flags & PacketView.RST) != 0) {
      if (t.synPacket != 0 && t.synAckPacket == 0 && d != t.synDirection) {
        if (t.refusedPacket == 0) {
          t.refusedPacket = n;
        }
      } else {
        f.event(ProblemKind.TCP_RESET, n);
      }
    }
    if (v.isFragment()) {
      return f; // Wireshark analyses only whole segments
    }
    int ta = TcpSequenceAnalysis.analyze(t, d, v.tcpSeq(), v.tcpAck(), v.payloadLength(), flags, v.tcpWindow(), now,
        n);
    segmentFlags = ta;
    if (ta != 0) {
      record(f, ta, n);
    }
    return f;
  }

  private static void record(Flow f, int ta, long n) {
    if ((ta & (TcpSequenceAnalysis.RETRANSMISSION | TcpSequenceAnalysis.FAST_RETRANSMISSION
        | TcpSequenceAnalysis.SPURIOUS_RETRANSMISSION)) != 0) {
      // tshark's tcp.analysis.retransmission matches fast and spurious retransmissions too
      f.event(ProblemKind.TCP_RETRANSMISSION, n);
    }
    if ((ta & TcpSequenceAnalysis.FAST_RETRANSMISSION) != 0) {
      f.event(ProblemKind.TCP_FAST_RETRANSMISSION, n);
    }
    if ((ta & TcpSequenceAnalysis.SPURIOUS_RETRANSMISSION) != 0) {
      f.event(ProblemKind.TCP_SPURIOUS_RETRANSMISSION, n);
    }
    if ((ta & TcpSequenceAnalysis.OUT_OF_ORDER) != 0) {
      f.event(ProblemKind.TCP_OUT_OF_ORDER, n);
    }
    if ((ta & TcpSequenceAnalysis.LOST_PACKET) != 0) {
      f.event(ProblemKind.TCP_LOST_SEGMENT, n);
    }
    if ((ta & TcpSequenceAnalysis.ACK_LOST_PACKET) != 0) {
      f.event(ProblemKind.TCP_ACK_LOST_SEGMENT, n);
    }
    if ((ta & TcpSequenceAnalysis.DUPLICATE_ACK) != 0) {
      f.event(ProblemKind.TCP_DUPLICATE_ACK, n);
    }
    if ((ta & TcpSequenceAnalysis.ZERO_WINDOW) != 0) {
      f.event(ProblemKind.TCP_ZERO_WINDOW, n);
    }
  }

  /** Deep decoding: the only per-packet allocation, and only for port 53. */
  private void dns(PacketView v, int proto) {
    if (proto == 17) {
      DnsMessage m = DnsDecoder.decodeUdp(v);
      if (m != null) {
        dns.onMessage(m, v.srcHi(), v.srcLo(), v.srcPort(), v.dstHi(), v.dstLo(), false, v.number(),
            v.timestampNanos());
      }
    } else if (proto == 6) {
      DnsDecoder.decodeTcp(v, m -> dns.onMessage(m, v.srcHi(), v.srcLo(), v.srcPort(), v.dstHi(), v.dstLo(), true,
          v.number(), v.timestampNanos()));
    }
  }

  /** Folds the pass's state into the result; call once, after the reader returned. */
  public CaptureSummary summarize(CaptureReadResult read) {
    // the DNS findings only read the DNS tracker: fold them on a second thread while this one folds the flows
    DnsFold dnsFold = new DnsFold(dns);
    Thread dnsThread = new Thread(dnsFold, "packetwalk-dns-summary");
    dnsThread.setDaemon(true);
    dnsThread.start();
    List<Flow> all = flows.all(); // already in first-packet order
    List<FlowSummary> flowSummaries = new ArrayList<>(all.size());
    List<Problem> problems = new ArrayList<>();
    Map<ProblemKind, Long> tcpEvents = new EnumMap<>(ProblemKind.class);
    Map<IpAddr, long[]> talkers = new HashMap<>();
    long tcpConversations = 0;
    Map<Problem, Flow> raisedBy = new java.util.IdentityHashMap<>();
    for (Flow f : all) {
      FlowKey key = f.key();
      HandshakeOutcome outcome = f.tcp == null ? HandshakeOutcome.NOT_TCP : f.tcp.outcome();
      flowSummaries.add(new FlowSummary(key, f.encapsulation, outcome, f.firstPacket, f.lastPacket, f.firstNanos,
          f.lastNanos, f.packets0, f.bytes0, f.packets1, f.bytes1));
      long[] a = talkers.computeIfAbsent(key.src(), k -> new long[2]);
      long[] b = talkers.computeIfAbsent(key.dst(), k -> new long[2]);
      long packets = f.packets0 + f.packets1, bytes = f.bytes0 + f.bytes1;
      a[0] += packets;
      a[1] += bytes;
      b[0] += packets;
      b[1] += bytes;
      if (f.tcp != null) {
        tcpConversations++;
        // only the few failed handshakes call it, so that the JIT leaves its string building alone
        if (outcome.failed()) {
          Problem p = handshakeProblem(f, key, outcome);
          problems.add(p);
          raisedBy.put(p, f);
        }
      }
      if (f.events != null) {
        for (ProblemKind k : PER_FLOW_KINDS) {
          long c = f.events.count(k);
          if (c > 0) {
            tcpEvents.merge(k, c, Long::sum);
            Problem p = new Problem(k, key, c + " × " + k.key(), c, f.events.packets(k));
            problems.add(p);
            raisedBy.put(p, f);
          }
        }
      }
    }
    problems.addAll(icmp.problems());
    problems.addAll(arp.problems());
    try {
      dnsThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while summarising DNS", e);
    }
    if (dnsFold.failure != null) {
      throw dnsFold.failure;
    }
    problems.addAll(dnsFold.problems);
    problems.sort(Comparator.comparingLong(Problem::firstPacket).thenComparing(Problem::kind)
        .thenComparing(p -> p.flow() == null ? "" : p.flow().toString()).thenComparing(Problem::detail));
    List<Talker> top = talkers.entrySet().stream()
        .map(e -> new Talker(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .sorted(Comparator.comparingLong(Talker::bytes).reversed().thenComparing(Talker::address))
        .limit(TOP_TALKERS).toList();
    return new CaptureSummary(read.file(), read.format(), read.gzipped(),
        read.linkTypes().stream().map(LinkType::name).toList(), read.packets(), read.wireBytes(), read.firstNanos(),
        read.lastNanos(), top, flowSummaries, tcpConversations, flows.overflowPackets(), tcpEvents,
        dnsFold.summary, read.fragments(), problems, read.warnings(), timelines(problems, raisedBy,
        read.firstNanos()));
  }

  /**
   * The timelines of the first {@link Timeline#MAX_TIMELINES} problems of the {@link Timeline#KINDS} that name a
   * flow: from the log of the flow that raised the problem, else of the flow now holding its 5-tuple.
   */
  private List<Timeline> timelines(List<Problem> problems, Map<Problem, Flow> raisedBy, long firstNanos) {
    List<Timeline> out = new ArrayList<>();
    for (int i = 0; i < problems.size() && out.size() < Timeline.MAX_TIMELINES; i++) {
      Problem p = problems.get(i);
      FlowKey k = p.flow();
      if (k == null || !Timeline.KINDS.contains(p.kind())) continue;
      Flow f = raisedBy.get(p);
      if (f == null) {
        f = flows.find(k.src().hi(), k.src().lo(), k.srcPort(), k.dst().hi(), k.dst().lo(), k.dstPort(),
            k.protocol());
      }
      if (f != null) out.add(f.log.timeline(i, k, f, firstNanos));
    }
    return out;
  }

  /** DNS findings and figures, computed off the main thread; {@code Thread.join} publishes the fields. */
  private static final class DnsFold implements Runnable {
    private final DnsTracker dns;
    List<Problem> problems;
    DnsSummary summary;
    RuntimeException failure;

    DnsFold(DnsTracker dns) {
      this.dns = dns;
    }

    @Override
    public void run() {
      try {
        long[] searchExpansion = new long[1];
        problems = dns.problems(searchExpansion);
        summary = dns.summary(searchExpansion[0]);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
  }

  /** The problem of a failed opening ({@link HandshakeOutcome#failed()}). */
  private static Problem handshakeProblem(Flow f, FlowKey key, HandshakeOutcome outcome) {
    TcpState t = f.tcp;
    return switch (outcome) {
      case SYN_UNANSWERED -> new Problem(ProblemKind.TCP_SYN_UNANSWERED, key, t.synCount
          + " SYN(s) to " + key.dst() + ":" + key.dstPort() + " and no answer: dropped on the way or at the target",
          t.synCount, java.util.Arrays.stream(t.synPackets, 0, (int) Math.min(t.synCount, t.synPackets.length)).boxed().toList());
      case REFUSED -> new Problem(ProblemKind.TCP_CONNECTION_REFUSED, key, key.dst() + ":"
          + key.dstPort() + " answered the SYN with RST: nothing listens there (or a REJECT with tcp-reset)", 1,
          List.of(t.synPacket, t.refusedPacket));
      case REJECTED -> new Problem(ProblemKind.TCP_CONNECTION_REJECTED, key, "SYN to " + key.dst()
          + ":" + key.dstPort() + " rejected with ICMP " + t.rejectedDetail
          + " (kube-proxy rejects this way for a Service without endpoints)", 1,
          List.of(t.synPacket, t.rejectedPacket));
      default -> throw new IllegalArgumentException("not a failed opening: " + outcome);
    };
  }
}
