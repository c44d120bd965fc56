package dev.packetwalk.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.capture.path.CapturePath;
import dev.packetwalk.capture.path.Exchange;
import dev.packetwalk.capture.path.PacketRef;
import dev.packetwalk.capture.path.PathRole;
import dev.packetwalk.capture.path.Segment;
import java.util.List;
import java.util.Locale;

/**
 * The report's {@code capturePaths[]}: each flow of the bundle's captured path with its capture verdict, the hop it
 * vanished in, the agreement with the tracer, every exchange hop by hop with packet numbers, and the trace itself
 * ({@code reports-templates/README.md} documents it).
 */
final class CapturePathJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private CapturePathJson() {}

  static ArrayNode write(List<CapturePath> paths, List<PathReport.PathView> views, PathExcerpts excerpts) {
    ArrayNode out = F.arrayNode();
    for (int i = 0; i < paths.size(); i++) {
      CapturePath cp = paths.get(i);
      ObjectNode o = out.addObject();
      o.put("id", views.get(i).id());
      o.put("from", cp.from());
      o.put("to", cp.to());
      o.put("flow", cp.flow());
      o.put("verdict", cp.verdict().name());
      Segment gone = cp.match().firstFailing().flatMap(Exchange::vanishedAt).orElse(null);
      o.set("vanishedAt", gone == null ? null : hop(gone));
      o.put("agreement", cp.attachment().agreement().name());
      o.put("agreementText", cp.attachment().text());
      o.put("traceBranch", cp.attachment().branch() < 0 ? null : cp.attachment().branch() + 1);
      o.put("traceHop", cp.attachment().hop() < 0 ? null : cp.attachment().hop());
      ArrayNode roles = o.putArray("points");
      cp.match().roles().stream().map(PathRole::id).forEach(roles::add);
      ArrayNode ex = o.putArray("exchanges");
      for (Exchange e : cp.match().exchanges()) {
        ObjectNode x = ex.addObject();
        x.put("tuple", e.tuple());
        x.put("verdict", e.verdict().name());
        x.put("answer", e.answer());
        ArrayNode tuples = x.putArray("tuples");
        e.tuples().forEach(tuples::add);
        ArrayNode hops = x.putArray("hops");
        e.segments().forEach(s -> hops.add(hop(s)));
      }
      o.put("moreExchanges", cp.match().more());
      ArrayNode notes = o.putArray("notes");
      cp.notes().forEach(notes::add);
      cp.match().notes().forEach(notes::add);
      o.set("trace", cp.trace() == null ? null : PathJson.write(cp.trace(), views.get(i).id(), excerpts));
    }
    return out;
  }

  private static ObjectNode hop(Segment s) {
    ObjectNode h = F.objectNode();
    h.put("from", s.from().id());
    h.put("to", s.to().id());
    h.put("direction", s.direction().name().toLowerCase(Locale.ROOT));
    h.put("serverTurn", s.serverTurn());
    h.put("node", s.node());
    h.put("where", s.where());
    h.put("verdict", s.verdict().name());
    h.put("sent", s.sent());
    h.put("arrived", s.arrived());
    h.put("elsewhere", s.elsewhere());
    ArrayNode ev = h.putArray("evidence");
    for (PacketRef r : s.evidence()) {
      ObjectNode e = ev.addObject();
      e.put("capture", r.capture());
      e.put("role", r.role());
      e.put("packet", r.number());
      e.put("summary", r.summary());
    }
    return h;
  }
}
