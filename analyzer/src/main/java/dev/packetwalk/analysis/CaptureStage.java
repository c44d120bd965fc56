package dev.packetwalk.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.Coverage.Status;
import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.bundle.StreamedEntry;
import dev.packetwalk.capture.CaptureAnalyzer;
import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.capture.CaptureResult.Note;
import dev.packetwalk.capture.CaptureResult.Point;
import dev.packetwalk.capture.CaptureResult.Verdict;
import dev.packetwalk.capture.CaptureSummary;
import dev.packetwalk.capture.Problem;
import dev.packetwalk.capture.ProblemKind;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.node.Conntrack;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.parse.Json;
import dev.packetwalk.parse.ParseWarning;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The capture part of the pipeline: every packet capture in the bundle ({@code nodes/<node>/captures/*.pcap} and
 * any {@code *.pcap}, {@code *.pcapng}, {@code *.pcap.gz}) is analysed with {@link CaptureAnalyzer}; the capture
 * point sidecars ({@code nodes/<node>/captures/<point>.json}) are joined to their captures; then the problems are
 * read against the cluster model (a ClusterIP that does not answer ping is expected; an ICMP-rejected SYN to a
 * ClusterIP is kube-proxy's REJECT for a Service without endpoints; unanswered DNS to kube-dns points to the DNS
 * findings; the conntrack race is set beside {@code conntrack -S insert_failed}).
 *
 * <p>Memory: a small capture arrives as bytes held by {@link dev.packetwalk.bundle.BundleReader}; a large one
 * ({@link dev.packetwalk.bundle.BundleReader#STREAM_ABOVE}) is analysed by {@link #tap} while the bundle reader
 * streams it out of the archive, or, for a bundle read without the tap, as a {@link StreamedEntry} opened again
 * (a fresh archive stream, inflated as it is decoded; nothing extracted). Either way it is read once, with a bounded
 * flow table, and the problem timelines are kept during that pass.
 */
public final class CaptureStage {
  /** Checks whose findings explain unanswered DNS to the cluster DNS Service. */
  static final List<String> DNS_CHECKS = List.of("dns-service-unavailable", "dns-coredns-crashloop",
      "netpol-blocks-dns");

  private final TreeMap<String, CaptureSummary> summaries = new TreeMap<>();
  /** Captures read while the bundle was read ({@link #tap}), by where they are in their input. */
  private final Map<StreamedEntry.Place, CaptureSummary> tapped = new HashMap<>();

  /** Opens a capture's bytes from the start; the caller closes the stream. */
  @FunctionalInterface
  private interface Source {
    InputStream open() throws IOException;
  }
  private final Map<String, Point> points = new HashMap<>();

  /** Whether this stage reads the path (captures and capture-point sidecars). */
  public static boolean accepts(String path) {
    return EvidenceSpec.isCapture(path) || EvidenceSpec.NODE_CAPTURE_POINT.matches(path)
        || EvidenceSpec.of(path).filter(s -> s == EvidenceSpec.NODE_CAPTURE).isPresent();
  }

  /** Reads one file held in memory; returns its coverage row. Parse warnings go to {@code problems}. */
  public Coverage add(String path, byte[] content, List<ParseWarning> problems) {
    if (EvidenceSpec.NODE_CAPTURE_POINT.matches(path)) return point(path, content, problems);
    return capture(path, () -> new ByteArrayInputStream(content), problems);
  }

  /**
   * A {@link dev.packetwalk.bundle.CaptureTap}: analyses a large capture while the bundle reader streams it by; its
   * {@link #add(String, StreamedEntry, List)} then uses that analysis instead of reading the capture again.
   */
  public void tap(StreamedEntry.Place place, String path, InputStream capture) {
    tapped.put(place, CaptureAnalyzer.analyze(path, capture));
  }

  /**
   * Reads one capture left in its input, unless {@link #tap} read it already as the bundle was read; returns its
   * coverage row. Parse warnings go to {@code problems}.
   */
  public Coverage add(String path, StreamedEntry capture, List<ParseWarning> problems) {
    CaptureSummary read = tapped.remove(capture.place());
    if (read != null && EvidenceSpec.isCapture(path)) return summarised(path, read.withFile(path), problems);
    return capture(path, capture::open, problems);
  }

  private Coverage point(String path, byte[] content, List<ParseWarning> problems) {
    EvidenceSpec spec = EvidenceSpec.NODE_CAPTURE_POINT;
    try {
      Point p = point(Json.mapper().readTree(content), path);
      points.put(path.substring(0, path.length() - ".json".length()) + ".pcap", p);
      return new Coverage(path, spec, Status.PARSED, "capture point " + p.point() + " on " + p.iface(), 1, 0);
    } catch (Exception e) {
      problems.add(ParseWarning.of(path, 0, ParseWarning.Kind.MALFORMED, "capture point is not valid JSON"));
      return new Coverage(path, spec, Status.FAILED, "not valid JSON", 0, 1);
    }
  }

  private Coverage capture(String path, Source source, List<ParseWarning> problems) {
    if (!EvidenceSpec.isCapture(path)) {
      return new Coverage(path, EvidenceSpec.of(path).orElse(null), Status.UNUSED,
          "not a packet capture (.pcap, .pcapng, .pcap.gz)", 0, 0);
    }
    try (InputStream in = source.open()) {
      return summarised(path, CaptureAnalyzer.analyze(path, in), problems);
    } catch (IOException e) {
      problems.add(ParseWarning.of(path, 0, ParseWarning.Kind.MALFORMED, "cannot open: " + e.getMessage()));
      return new Coverage(path, EvidenceSpec.of(path).orElse(null), Status.FAILED, "cannot open: " + e.getMessage(),
          0, 1);
    }
  }

  private Coverage summarised(String path, CaptureSummary s, List<ParseWarning> problems) {
    EvidenceSpec spec = EvidenceSpec.of(path).orElse(null);
    summaries.put(path, s);
    problems.addAll(s.warnings());
    String what = s.packets() + " packet(s), " + s.flows().size() + " flow(s), " + s.problems().size()
        + " problem(s)";
    if (s.packets() == 0 && !s.warnings().isEmpty()) {
      return new Coverage(path, spec, Status.FAILED, s.warnings().get(0).message(), 0, s.warnings().size());
    }
    if (!s.warnings().isEmpty()) {
      return new Coverage(path, spec, Status.PARTIAL, what + "; " + s.warnings().size() + " warning(s); first: "
          + s.warnings().get(0).message(), (int) Math.min(Integer.MAX_VALUE, s.packets()), s.warnings().size());
    }
    return new Coverage(path, spec, s.packets() == 0 ? Status.EMPTY : Status.PARSED, what,
        (int) Math.min(Integer.MAX_VALUE, s.packets()), 0);
  }

  /** The results, in path order, read against the cluster; {@code text} reads other bundle files. */
  public List<CaptureResult> results(Cluster cluster, NodeDataplanes nodes) {
    List<CaptureResult> out = new ArrayList<>();
    for (Map.Entry<String, CaptureSummary> e : summaries.entrySet()) {
      String path = e.getKey();
      CaptureSummary s = e.getValue();
      Point p = points.get(path);
      List<Note> notes = notes(s, cluster, nodeOf(path, p), nodes);
      out.add(new CaptureResult(path, p, s, notes));
    }
    return List.copyOf(out);
  }

  private static String nodeOf(String path, Point p) {
    if (p != null && !p.node().isEmpty()) return p.node();
    String[] seg = path.split("/");
    return seg.length > 2 && seg[0].equals("nodes") ? seg[1] : "";
  }

  static List<Note> notes(CaptureSummary s, Cluster cluster, String node, NodeDataplanes nodes) {
    Map<String, Service> byIp = new HashMap<>();
    for (Service svc : cluster.services()) {
      if (svc.clusterIP() != null && !svc.clusterIP().isEmpty() && !svc.clusterIP().equals("None")) {
        byIp.put(svc.clusterIP(), svc);
      }
      for (String ip : svc.clusterIPs()) {
        if (!ip.equals("None")) byIp.putIfAbsent(ip, svc);
      }
    }
    List<Note> notes = new ArrayList<>();
    List<Problem> problems = s.problems();
    for (int i = 0; i < problems.size(); i++) {
      Problem p = problems.get(i);
      Service svc = p.flow() == null ? null : byIp.get(p.flow().dst().toString());
      switch (p.kind()) {
        case ICMP_ECHO_NO_REPLY -> {
          if (svc != null) {
            notes.add(new Note(i, Verdict.EXPECTED, "Expected: " + p.flow().dst() + " is the ClusterIP of Service "
                + svc.meta().key() + ". A ClusterIP is a virtual address that kube-proxy (iptables mode) only "
                + "translates for the Service's protocol and ports; nothing answers ping on it. Test the Service "
                + "with its port instead (e.g. curl or nc to " + p.flow().dst() + ":"
                + svc.ports().stream().findFirst().map(x -> String.valueOf(x.port())).orElse("PORT") + ").",
                svc.meta().key(), List.of()));
          }
        }
        case TCP_CONNECTION_REJECTED -> {
          if (svc != null) {
            int ready = cluster.endpointsOf(svc).map(es -> es.ready().size()).orElse(-1);
            notes.add(new Note(i, Verdict.EXPLAINED, "This is what kube-proxy's REJECT for a Service without "
                + "endpoints looks like (iptables: \"has no endpoints\" -j REJECT, answered with ICMP port "
                + "unreachable): " + p.flow().dst() + ":" + p.flow().dstPort() + " is the ClusterIP of Service "
                + svc.meta().key() + (ready == 0 ? ", which has no ready endpoints in the collected Endpoints."
                    : ready > 0 ? "; the collected Endpoints list " + ready + " ready address(es), so the "
                        + "endpoints were empty when the capture was taken or the node's rules are stale."
                        : "."), svc.meta().key(), List.of("service-no-ready-endpoints",
                "service-selector-no-match")));
          }
        }
        case DNS_NO_RESPONSE -> {
          Service dns = dnsService(p, byIp);
          if (dns != null) {
            notes.add(new Note(i, Verdict.SEE_ALSO, "The unanswered queries went to the cluster DNS Service "
                + dns.meta().key() + " (" + dns.clusterIP() + "): see the DNS findings for why it does not "
                + "answer (no ready CoreDNS endpoints, CoreDNS crashing, a NetworkPolicy blocking port 53).",
                dns.meta().key(), DNS_CHECKS));
          }
        }
        case DNS_CONNTRACK_RACE -> {
          Optional<Conntrack> ct = nodes.get(node).map(NodeDataplane::conntrack)
              .filter(c -> c.statsRef() != null && !c.statsRef().isNone());
          if (ct.isPresent()) {
            long failed = ct.get().insertFailed();
            String stats = ct.get().statsRef().file();
            notes.add(new Note(i, Verdict.EXPLAINED, failed > 0
                ? "Node " + node + " confirms it: conntrack -S shows insert_failed=" + failed + " (" + stats
                    + "), the counter of this race."
                : "Node " + node + " shows insert_failed=0 in conntrack -S (" + stats + "): the race did not "
                    + "happen on this node when its stats were read; the loss may come from elsewhere.",
                "", List.of()));
          }
        }
        default -> { }
      }
    }
    return notes;
  }

  private static Service dnsService(Problem p, Map<String, Service> byIp) {
    if (p.flow() != null) {
      Service s = byIp.get(p.flow().dst().toString());
      return s != null && isDns(s) ? s : null;
    }
    for (Map.Entry<String, Service> e : byIp.entrySet()) {
      if (isDns(e.getValue()) && p.detail().matches("(?s).*(?<![0-9.])" + java.util.regex.Pattern.quote(e.getKey())
          + "(?![0-9]).*")) {
        return e.getValue();
      }
    }
    return null;
  }

  private static boolean isDns(Service s) {
    return s.ports().stream().anyMatch(p -> p.port() == 53) || s.meta().name().equals("kube-dns");
  }

  private static Point point(JsonNode j, String path) {
    return new Point(j.path("node").asText(""), j.path("point").asText(""), j.path("interface").asText(""),
        j.path("pod").isNull() ? "" : j.path("pod").asText(""), j.path("filter").asText(""),
        j.path("snaplen").asInt(0), j.path("startTime").asText(""), j.path("endTime").asText(""),
        j.path("clock").asText(""), j.path("tcpdumpVersion").isNull() ? "" : j.path("tcpdumpVersion").asText(""),
        j.path("stoppedBy").asText(""), num(j, "packetsCaptured"), num(j, "packetsReceivedByFilter"),
        num(j, "packetsDroppedByKernel"), path, text(j, "role"), text(j, "requested"), text(j, "startClock"),
        text(j, "listeningClock"), text(j, "endClock"));
  }

  /** A string field, "" when absent or null. */
  private static String text(JsonNode j, String field) {
    JsonNode v = j.path(field);
    return v.isTextual() ? v.asText() : "";
  }

  private static Long num(JsonNode j, String field) {
    JsonNode v = j.path(field);
    return v.isIntegralNumber() ? v.asLong() : null;
  }
}
