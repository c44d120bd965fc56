package dev.packetwalk.report;

import dev.packetwalk.capture.path.Agreement;
import dev.packetwalk.capture.path.Attachment;
import dev.packetwalk.capture.path.CapturePath;
import dev.packetwalk.capture.path.CaptureVerdict;
import dev.packetwalk.capture.path.Exchange;
import dev.packetwalk.capture.path.PacketRef;
import dev.packetwalk.capture.path.Segment;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.Trace;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The flows of a captured path as the report shows them: the trace of the flow like any path (its diagram drawn
 * for the branch the packets took, with the capture verdict marked on the hop where they vanished), plus the
 * capture's own account: each hop between two capture points with its verdict, counts and packet numbers.
 */
public final class CapturePathReport {
  private CapturePathReport() {}

  /**
   * What the captures say. {@code verdictCss} and {@code agreementCss} are CSS-safe ids; {@code segments} are the
   * hops of the first failing exchange (else the first one), in the order its packets passed them.
   */
  public record CaptureView(String from, String to, String flow, String verdict, String verdictCss, boolean failed,
      String where, String agreement, String agreementCss, String text, String answer, int exchanges, int failing,
      List<SegmentRow> segments, List<String> notes) {

    /** One line: {@code NOT_SEEN_AT_DST in node worker-2 · agrees with the tracer}. */
    public String line() {
      return verdict + (where.isEmpty() ? "" : " in " + where) + " · " + agreementText(agreement);
    }
  }

  /** One hop between two capture points. */
  public record SegmentRow(String span, String where, String verdict, String css, String counts, String evidence) {}

  static PathReport.PathView view(CapturePath cp, String anchor, PathExcerpts excerpts) {
    CaptureView c = capture(cp);
    Trace t = cp.trace();
    String id = "capture:" + cp.flow().replace(" → ", "->").replace(' ', ':');
    if (t == null || t.branches().isEmpty()) {
      return new PathReport.PathView(id, anchor, cp.from(), cp.to(), cp.flow().split(" ", 2)[0], cp.flow(), "",
          "not-traced", "Not traced", "skip", List.of(), null, null, "", null, c);
    }
    PathReport.PathView p = PathReport.path(t, id, anchor, excerpts);
    Attachment a = cp.attachment();
    Branch b = t.branches().get(Math.max(0, a.branch()));
    String mark = "capture: " + cp.verdict() + " · " + agreementText(a.agreement().name());
    PathDiagram.Diagram d = PathDiagram.of(b, b.breakAt() == null ? null : b.breakAt().step(), excerpts, a.hop(),
        mark, "capture-" + a.agreement().name().toLowerCase(Locale.ROOT));
    String caption = "Branch " + (t.branches().indexOf(b) + 1) + " of " + t.branches().size() + ", the one the "
        + "captured packets took: " + b.disposition().name() + (a.hop() >= 0 ? "; the capture verdict is marked on "
        + "the hop where the packets vanished" : c.failed() ? "; the packets vanished in " + c.where()
        + ", which has no hop of its own in the trace" : "");
    return new PathReport.PathView(p.id(), p.anchor(), cp.from(), cp.to(), p.proto(), cp.flow(), p.start(),
        p.verdict(), p.verdictLabel(), p.icon(), p.branches(), p.breakAt(), d, caption, p.narrowing(), c);
  }

  static CaptureView capture(CapturePath cp) {
    List<Exchange> ex = cp.match().exchanges();
    Exchange e = cp.match().firstFailing().orElse(ex.isEmpty() ? null : ex.get(0));
    List<SegmentRow> rows = e == null ? List.of() : e.segments().stream().map(CapturePathReport::row).toList();
    Segment gone = e == null ? null : e.vanishedAt().orElse(null);
    long failing = ex.stream().filter(x -> x.verdict().failed()).count();
    List<String> notes = new java.util.ArrayList<>(cp.notes());
    notes.addAll(cp.match().notes());
    if (cp.match().more() > 0) notes.add(cp.match().more() + " further exchange(s) are not listed");
    Attachment a = cp.attachment();
    return new CaptureView(cp.from(), cp.to(), cp.flow(), cp.verdict().name(), css(cp.verdict()),
        cp.verdict().failed(), gone == null ? "" : gone.where(), a.agreement().name(),
        a.agreement().name().toLowerCase(Locale.ROOT), a.text(), e == null ? "" : e.answer(), ex.size(),
        (int) failing, rows, notes);
  }

  private static SegmentRow row(Segment s) {
    String span = s.serverTurn() ? "the server, behind " + s.from().id()
        : s.from().id() + " → " + s.to().id() + (s.direction() == dev.packetwalk.trace.Hop.Direction.REPLY
            ? " (answer)" : "");
    String counts = s.serverTurn() ? s.sent() + " request(s) in, " + s.arrived() + " answer(s) out"
        : s.arrived() + " of " + s.sent() + " seen" + (s.elsewhere() > 0 ? ", " + s.elsewhere()
            + " sent to another endpoint" : "");
    String ev = s.evidence().stream().map(CapturePathReport::ref).collect(Collectors.joining("; "));
    return new SegmentRow(span, s.where(), s.verdict().name(), css(s.verdict()), counts, ev);
  }

  /** {@code nodes/worker-2/captures/server-underlay.pcap #1 (SYN, 10.0.0.11:34230 → 10.244.2.21:8080)}. */
  static String ref(PacketRef r) {
    return r.capture() + " #" + r.number() + " (" + r.summary() + ")";
  }

  static String css(CaptureVerdict v) {
    return v.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String agreementText(String agreement) {
    return switch (Agreement.valueOf(agreement)) {
      case AGREES -> "agrees with the tracer";
      case DISAGREES -> "disagrees with the tracer";
      case UNKNOWN -> "not compared with the tracer";
    };
  }
}
