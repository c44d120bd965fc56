package dev.packetwalk.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.BreakAt;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Narrowing;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.Trace;
import java.lang.reflect.RecordComponent;

/**
 * One traced path as JSON, the {@code paths[]} element of the report and what {@code packetwalk trace --json}
 * prints ({@code reports-templates/README.md} documents it). Fields in a fixed order, lists in trace order,
 * probabilities at a fixed precision.
 */
public final class PathJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PathJson() {}

  /** The path with its flow-derived id, as {@code packetwalk trace --json} prints it. */
  public static ObjectNode write(Trace t, PathExcerpts excerpts) {
    return write(t, PathFormat.baseId(t.flow()), excerpts);
  }

  /** The path under {@code id} (the report makes repeated ids unique). */
  public static ObjectNode write(Trace t, String id, PathExcerpts excerpts) {
    return write(t, id, excerpts, true);
  }

  /**
   * The path under {@code id}; without {@code hops}, each branch keeps its probability, choices and disposition but
   * not its hops ({@code "hopsOmitted": true}), which a large report does for paths that were delivered.
   */
  public static ObjectNode write(Trace t, String id, PathExcerpts excerpts, boolean hops) {
    ObjectNode o = F.objectNode();
    o.put("id", id);
    o.set("flow", flow(t.flow()));
    o.put("verdict", t.verdict().name());
    ArrayNode branches = o.putArray("branches");
    for (Branch b : t.branches()) branches.add(branch(b, hops));
    o.set("breakAt", breakAt(t.breakAt(), excerpts));
    o.set("narrowing", narrowing(t.narrowing(), excerpts));
    return o;
  }

  static ObjectNode flow(Flow f) {
    ObjectNode o = F.objectNode();
    if (f == null) return o;
    o.put("from", f.from());
    o.put("to", f.to());
    o.put("proto", f.proto().name());
    o.put("src", f.src());
    o.put("srcPort", f.srcPort());
    o.put("dst", f.dst());
    o.put("dstPort", f.dstPort());
    ObjectNode start = o.putObject("start");
    Flow.Start s = f.start();
    start.put("kind", s == null ? "" : s.kind().name());
    start.put("node", s == null ? "" : s.node());
    start.put("netns", s == null ? "" : s.netns());
    start.put("pod", s == null ? "" : s.pod());
    o.put("length", f.length());
    o.put("replyLength", f.replyLength());
    return o;
  }

  private static ObjectNode branch(Branch b, boolean withHops) {
    ObjectNode o = F.objectNode();
    o.put("probability", PathFormat.probability(b.probability()));
    ArrayNode choices = o.putArray("choices");
    b.choices().forEach(choices::add);
    o.put("disposition", b.disposition().name());
    if (!withHops) {
      o.put("hopsOmitted", true);
      return o;
    }
    ArrayNode hops = o.putArray("hops");
    for (Hop h : b.hops()) {
      ObjectNode x = hops.addObject();
      x.put("node", h.node());
      x.put("place", h.place().name());
      x.put("where", h.where());
      x.put("direction", h.direction().name());
      ArrayNode steps = x.putArray("steps");
      for (Step s : h.steps()) steps.add(step(s));
    }
    return o;
  }

  /** {type, text, then the step's own fields in declaration order, evidence{file, line}}. */
  static ObjectNode step(Step s) {
    ObjectNode o = F.objectNode();
    o.put("type", PathFormat.type(s));
    o.put("text", s.text());
    for (RecordComponent c : s.getClass().getRecordComponents()) {
      if (c.getName().equals("evidence")) continue;
      Object v;
      try {
        v = c.getAccessor().invoke(s);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue; // a record accessor does not fail; if one ever did, the field is left out rather than the path
      }
      if (v == null) o.putNull(c.getName());
      else if (v instanceof Integer i) o.put(c.getName(), i);
      else if (v instanceof Long l) o.put(c.getName(), l);
      else if (v instanceof Boolean z) o.put(c.getName(), z);
      else if (v instanceof Enum<?> e) o.put(c.getName(), e.name());
      else o.put(c.getName(), v.toString());
    }
    o.set("evidence", evidence(s.evidence(), null));
    return o;
  }

  private static ObjectNode evidence(SourceRef r, PathExcerpts excerpts) {
    ObjectNode o = F.objectNode();
    SourceRef ref = r == null ? SourceRef.NONE : r;
    o.put("file", ref.file());
    o.put("line", ref.line());
    if (excerpts != null) o.put("excerpt", excerpt(ref, excerpts));
    return o;
  }

  static String excerpt(SourceRef ref, PathExcerpts excerpts) {
    if (ref == null || ref.isNone()) return "";
    try {
      String s = excerpts.at(ref);
      return s == null ? "" : s;
    } catch (RuntimeException e) {
      return ""; // an unreadable file leaves the location standing on its own
    }
  }

  private static ObjectNode breakAt(BreakAt b, PathExcerpts excerpts) {
    if (b == null) return null;
    ObjectNode o = F.objectNode();
    o.put("node", b.node());
    o.put("component", b.component() == null ? "" : b.component().name());
    o.put("disposition", b.disposition() == null ? "" : b.disposition().name());
    o.put("text", b.step() == null ? "" : b.step().text());
    o.set("evidence", evidence(b.step() == null ? SourceRef.NONE : b.step().evidence(), excerpts));
    return o;
  }

  private static ObjectNode narrowing(Narrowing n, PathExcerpts excerpts) {
    if (n == null) return null;
    ObjectNode o = F.objectNode();
    ArrayNode variants = o.putArray("variants");
    for (Narrowing.Variant v : n.variants()) {
      ObjectNode x = variants.addObject();
      x.put("name", v.name());
      x.set("flow", v.flow() == null ? null : flow(v.flow()));
      x.put("verdict", v.verdict() == null ? "" : v.verdict().name());
      x.set("breakAt", breakAt(v.breakAt(), excerpts));
      x.put("note", v.note() == null ? "" : v.note());
    }
    o.put("firstFailing", n.firstFailing() == null ? "" : n.firstFailing().name());
    o.put("conclusion", n.conclusion() == null ? "" : n.conclusion());
    return o;
  }
}
