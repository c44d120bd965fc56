package dev.packetwalk.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.capture.CaptureSummary;
import dev.packetwalk.capture.Timeline;
import dev.packetwalk.capture.Problem;
import dev.packetwalk.capture.Talker;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The "captures" part of the report: one view per analysed capture (capture point, duration, counts, top talkers,
 * problems with packet numbers and their cluster-aware notes, a compact timeline per problem flow), and its JSON
 * form ({@code captures[]}, documented in reports-templates/README.md). Deterministic: everything comes in the
 * order of {@link CaptureResult}, which is fixed.
 */
public final class CaptureReport {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private CaptureReport() {}

  /** One capture, ready for the templates. */
  public record CaptureView(String path, String node, String point, String iface, String pod, String filter,
      String clock, String startTime, String endTime, String tcpdumpVersion, String stoppedBy, String format,
      String linkTypes, long packets, long bytes, String firstPacket, String duration, long flows,
      String captured, String dropped, List<TalkerView> talkers, List<ProblemView> problems, List<String> warnings) {}

  public record TalkerView(String address, long packets, long bytes) {}

  public record ProblemView(String kind, String key, String severity, String flow, String detail, long count,
      String packets, List<NoteView> notes, List<PacketView> timeline, long timelineOmitted,
      int timelineOmittedAfter) {}

  public record NoteView(String verdict, String text, String service, List<String> related) {}

  public record PacketView(long number, String time, String direction, String src, String dst, String summary) {}

  public static List<CaptureView> views(List<CaptureResult> results) {
    return results.stream().map(CaptureReport::view).toList();
  }

  static CaptureView view(CaptureResult r) {
    CaptureSummary s = r.summary();
    CaptureResult.Point p = r.point();
    List<ProblemView> problems = new java.util.ArrayList<>();
    for (int i = 0; i < s.problems().size(); i++) {
      Problem pr = s.problems().get(i);
      Timeline t = r.timelineFor(i).orElse(null);
      problems.add(new ProblemView(pr.kind().name().toLowerCase(Locale.ROOT), pr.kind().key(),
          pr.severity().name().toLowerCase(Locale.ROOT), pr.flow() == null ? "" : pr.flow().toString(), pr.detail(),
          pr.count(), pr.packets().stream().map(String::valueOf).collect(Collectors.joining(", ")),
          r.notesFor(i).stream().map(n -> new NoteView(n.verdict().name().toLowerCase(Locale.ROOT), n.text(),
              n.service(), n.related())).toList(),
          t == null ? List.of() : t.packets().stream().map(x -> new PacketView(x.number(),
              String.format(Locale.ROOT, "%.6f", x.relativeMicros() / 1e6), x.direction(), x.src(), x.dst(),
              x.summary())).toList(),
          t == null ? 0 : t.omitted(), t == null ? 0 : t.omittedAfter()));
    }
    return new CaptureView(r.path(), r.node(), p == null ? "" : p.point(), p == null ? "" : p.iface(),
        p == null ? "" : p.pod(), p == null ? "" : p.filter(), p == null ? "" : p.clock(),
        p == null ? "" : p.startTime(), p == null ? "" : p.endTime(), p == null ? "" : p.tcpdumpVersion(),
        p == null ? "" : p.stoppedBy(), s.format().name().toLowerCase(Locale.ROOT) + (s.gzipped() ? "+gzip" : ""),
        String.join(", ", s.linkTypes()), s.packets(), s.wireBytes(),
        s.firstNanos() == 0 ? "" : Instant.ofEpochSecond(0, s.firstNanos()).toString(),
        String.format(Locale.ROOT, "%.3f s", s.durationSeconds()), s.flows().size(),
        p == null || p.packetsCaptured() == null ? "" : String.valueOf(p.packetsCaptured()),
        p == null || p.packetsDroppedByKernel() == null ? "" : String.valueOf(p.packetsDroppedByKernel()),
        s.topTalkers().stream().map(CaptureReport::talker).toList(), problems,
        s.warnings().stream().map(w -> w.describe()).toList());
  }

  private static TalkerView talker(Talker t) {
    return new TalkerView(t.address().toString(), t.packets(), t.bytes());
  }

  /** The JSON {@code captures[]} array. */
  public static ArrayNode json(List<CaptureResult> results) {
    ArrayNode out = F.arrayNode();
    for (CaptureResult r : results) {
      CaptureSummary s = r.summary();
      ObjectNode c = out.addObject();
      c.put("path", r.path());
      c.put("node", r.node());
      CaptureResult.Point p = r.point();
      if (p == null) {
        c.putNull("point");
      } else {
        ObjectNode o = c.putObject("point");
        o.put("sidecar", p.sidecar());
        o.put("point", p.point());
        o.put("interface", p.iface());
        o.put("pod", p.pod().isEmpty() ? null : p.pod());
        o.put("filter", p.filter());
        o.put("snaplen", p.snaplen());
        o.put("clock", p.clock());
        o.put("startTime", p.startTime());
        o.put("endTime", p.endTime());
        o.put("tcpdumpVersion", p.tcpdumpVersion());
        o.put("stoppedBy", p.stoppedBy());
        o.put("packetsCaptured", p.packetsCaptured());
        o.put("packetsReceivedByFilter", p.packetsReceivedByFilter());
        o.put("packetsDroppedByKernel", p.packetsDroppedByKernel());
        o.put("role", p.role().isEmpty() ? null : p.role());
        o.put("requested", p.requested().isEmpty() ? null : p.requested());
        o.put("startClock", p.startClock().isEmpty() ? null : p.startClock());
        o.put("listeningClock", p.listeningClock().isEmpty() ? null : p.listeningClock());
        o.put("endClock", p.endClock().isEmpty() ? null : p.endClock());
      }
      c.put("format", s.format().name().toLowerCase(Locale.ROOT));
      c.put("gzipped", s.gzipped());
      ArrayNode lt = c.putArray("linkTypes");
      s.linkTypes().forEach(lt::add);
      c.put("packets", s.packets());
      c.put("bytes", s.wireBytes());
      c.put("firstPacketTime", s.firstNanos() == 0 ? null : Instant.ofEpochSecond(0, s.firstNanos()).toString());
      c.put("durationSeconds", Math.round(s.durationSeconds() * 1e6) / 1e6);
      c.put("flows", s.flows().size());
      c.put("tcpConversations", s.tcpConversations());
      ArrayNode talkers = c.putArray("topTalkers");
      for (Talker t : s.topTalkers()) {
        talkers.addObject().put("address", t.address().toString()).put("packets", t.packets()).put("bytes",
            t.bytes());
      }
      ObjectNode dns = c.putObject("dns");
      dns.put("transactions", s.dns().transactions());
      dns.put("unanswered", s.dns().unanswered());
      ArrayNode problems = c.putArray("problems");
      for (int i = 0; i < s.problems().size(); i++) {
        Problem pr = s.problems().get(i);
        ObjectNode o = problems.addObject();
        o.put("kind", pr.kind().name().toLowerCase(Locale.ROOT));
        o.put("key", pr.kind().key());
        o.put("severity", pr.severity().name().toLowerCase(Locale.ROOT));
        o.put("flow", pr.flow() == null ? null : pr.flow().toString());
        o.put("detail", pr.detail());
        o.put("count", pr.count());
        ArrayNode pk = o.putArray("packets");
        pr.packets().forEach(pk::add);
        ArrayNode notes = o.putArray("notes");
        for (CaptureResult.Note n : r.notesFor(i)) {
          ObjectNode no = notes.addObject();
          no.put("verdict", n.verdict().name().toLowerCase(Locale.ROOT));
          no.put("text", n.text());
          no.put("service", n.service().isEmpty() ? null : n.service());
          ArrayNode rel = no.putArray("related");
          n.related().forEach(rel::add);
        }
        Timeline t = r.timelineFor(i).orElse(null);
        if (t == null) {
          o.putNull("timeline");
        } else {
          ObjectNode tl = o.putObject("timeline");
          tl.put("omitted", t.omitted());
          tl.put("omittedAfter", t.omittedAfter());
          ArrayNode pa = tl.putArray("packets");
          for (Timeline.Packet x : t.packets()) {
            pa.addObject().put("number", x.number()).put("relativeMicros", x.relativeMicros())
                .put("direction", x.direction()).put("src", x.src()).put("dst", x.dst()).put("summary", x.summary());
          }
        }
      }
      ArrayNode w = c.putArray("warnings");
      s.warnings().forEach(x -> w.add(x.describe()));
    }
    return out;
  }
}
