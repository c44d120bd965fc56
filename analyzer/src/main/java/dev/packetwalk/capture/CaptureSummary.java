package dev.packetwalk.capture;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.pcap.CaptureFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything packetwalk concludes from one capture. Lists are in a fixed order (flows by first packet, problems by
 * first packet then kind, talkers by bytes then address) so that two runs give identical output.
 *
 * @param file the capture's name in the bundle
 * @param format sniffed format
 * @param gzipped whether it was gzip-compressed
 * @param linkTypes link-type names, e.g. "ether", "linux-sll2"
 * @param packets packets read
 * @param wireBytes sum of original packet lengths
 * @param firstNanos first timestamp (ns since epoch), 0 if empty
 * @param lastNanos last timestamp
 * @param topTalkers at most {@link CaptureAnalyzer#TOP_TALKERS} addresses by bytes
 * @param flows every tracked flow
 * @param tcpConversations TCP connections (a reused 4-tuple starts a new one, as in Wireshark's tcp.stream)
 * @param untrackedPackets packets of flows beyond the flow-table cap
 * @param tcpEvents per-packet TCP analysis counts by kind (retransmissions, duplicate ACKs, ...)
 * @param dns DNS figures
 * @param fragments IP fragments seen
 * @param problems findings, each with packet numbers
 * @param warnings problems reading the file
 * @param timelines one per problem flow (of the {@link Timeline#KINDS}), in problem order, at most
 *     {@link Timeline#MAX_TIMELINES}
 */
public record CaptureSummary(String file, CaptureFormat format, boolean gzipped, List<String> linkTypes, long packets,
    long wireBytes, long firstNanos, long lastNanos, List<Talker> topTalkers, List<FlowSummary> flows,
    long tcpConversations, long untrackedPackets, Map<ProblemKind, Long> tcpEvents, DnsSummary dns, long fragments,
    List<Problem> problems, List<ParseWarning> warnings, List<Timeline> timelines) {

  public CaptureSummary {
    Objects.requireNonNull(file, "file");
    linkTypes = List.copyOf(linkTypes);
    topTalkers = List.copyOf(topTalkers);
    flows = List.copyOf(flows);
    tcpEvents = Map.copyOf(tcpEvents);
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    timelines = List.copyOf(timelines);
  }

  /** The same summary under another bundle path (the warnings name it too). */
  public CaptureSummary withFile(String path) {
    if (path.equals(file)) return this;
    List<ParseWarning> renamed = warnings.stream().map(w -> w.file().equals(file)
        ? new ParseWarning(path, w.line(), w.kind(), w.message(), w.raw()) : w).toList();
    return new CaptureSummary(path, format, gzipped, linkTypes, packets, wireBytes, firstNanos, lastNanos, topTalkers,
        flows, tcpConversations, untrackedPackets, tcpEvents, dns, fragments, problems, renamed, timelines);
  }

  /** Count of a per-packet TCP event kind (0 if none). */
  public long tcpEvents(ProblemKind kind) {
    return tcpEvents.getOrDefault(kind, 0L);
  }

  public List<Problem> problems(ProblemKind kind) {
    return problems.stream().filter(p -> p.kind() == kind).toList();
  }

  public double durationSeconds() {
    return (lastNanos - firstNanos) / 1e9;
  }
}
