package dev.packetwalk.capture.path;

import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.Trace;
import java.util.List;

/**
 * Sets a path's capture verdict beside the tracer's prediction for the same flow: picks the branch the packets took
 * (the one whose DNAT chose the endpoint the captures show), attaches the verdict to the hop the packets vanished in
 * (the node between the two points that saw them last and first missed them; the server pod for an unanswered
 * request) and compares that place with the branch's break.
 */
public final class TraceAgreement {
  private TraceAgreement() {}

  public static Attachment attach(PathMatch m, Trace t) {
    if (t == null || t.branches().isEmpty() || m.exchanges().isEmpty()) return Attachment.NONE;
    Exchange e = m.firstFailing().orElse(m.exchanges().get(0));
    int bi = branchOf(t, e);
    Branch b = t.branches().get(bi);
    Segment s = e.vanishedAt().orElse(null);
    if (s == null && e.verdict() == CaptureVerdict.TO_OTHER_ENDPOINT) return elsewhere(e, bi, b);
    if (s == null) {
      boolean refused = b.disposition() == Disposition.NO_LISTENER && e.answer().startsWith("TCP reset");
      boolean agrees = b.disposition().success() || refused;
      return new Attachment(bi, -1, "", agrees ? Agreement.AGREES : Agreement.DISAGREES, agrees
          ? "The captures show it delivered" + (refused ? " and refused by the server (" + e.answer() + ")" : "")
              + ", as the tracer predicts (" + b.disposition() + ")."
          : "The captures show it delivered at every hop; the tracer predicts " + b.disposition()
              + breakText(b) + ".");
    }
    int hop = hopOf(b, s);
    String where = s.where();
    String seen = s.verdict() + " " + (s.serverTurn() ? "(the " + s.where() + " got the request and did not answer)"
        : "(" + (s.direction() == Hop.Direction.REQUEST ? "request" : "answer") + " lost in " + s.where()
            + ", between " + s.from().id() + " and " + s.to().id() + ")");
    if (b.disposition().success()) {
      return new Attachment(bi, hop, where, Agreement.DISAGREES, "The captures show " + seen
          + "; the tracer predicts delivery: the collected configuration does not explain the loss.");
    }
    Hop broken = breakHop(b);
    boolean same = broken != null && broken.node().equals(s.node()) && broken.direction() == s.direction()
        && !s.node().isEmpty();
    return new Attachment(bi, hop, where, same ? Agreement.AGREES : Agreement.DISAGREES, "The captures show "
        + seen + (same ? "; the tracer breaks there too: " : "; the tracer breaks elsewhere: ") + b.disposition()
        + breakText(b) + ".");
  }

  /**
   * A request NAT sent to an endpoint other than the captured server: the captures follow it only to the point where
   * it left the path, and the answer back. With an answer, that is compared with the tracer's branch for the same
   * endpoint; without one, there is nothing to compare.
   */
  private static Attachment elsewhere(Exchange e, int bi, Branch b) {
    // an exchange always has the client's tuple at the first point
    String lastTuple = e.tuples().get(e.tuples().size() - 1);
    String endpoint = endpoint(lastTuple);
    String last = lastTuple.split(":", 2)[0];
    boolean answered = e.segments().stream().anyMatch(x -> x.direction() == Hop.Direction.REPLY && x.arrived() > 0);
    boolean translated = !endpoint.equals(endpoint(e.tuples().get(0)));
    String head = translated ? "NAT sent the request to " + endpoint + ", not to the captured server, so the "
        + "captures follow it only as far as " + last
        : "The request was answered without crossing the path past " + last + ": an endpoint off the captured path "
            + "(on the client's own node, or one the collected EndpointSlices do not list) served it";
    if (!answered) {
      return new Attachment(bi, -1, "", Agreement.UNKNOWN, head + ", and no answer came back while they ran: "
          + "nothing to set beside the tracer's " + b.disposition() + " for that endpoint.");
    }
    boolean agrees = b.disposition().success();
    return new Attachment(bi, -1, "", agrees ? Agreement.AGREES : Agreement.DISAGREES, head + "; its answer came "
        + "back to the client" + (agrees ? ", as the tracer predicts for that endpoint (" + b.disposition() + ")."
            : "; the tracer predicts " + b.disposition() + breakText(b) + " for that endpoint."));
  }

  /** The branch whose request DNAT chose the endpoint the captures show; else the first failing, else the first. */
  static int branchOf(Trace t, Exchange e) {
    String endpoint = e.tuples().isEmpty() ? "" : endpoint(e.tuples().get(e.tuples().size() - 1));
    List<Branch> bs = t.branches();
    for (int i = 0; i < bs.size(); i++) {
      for (Hop h : bs.get(i).hops()) {
        if (h.direction() != Hop.Direction.REQUEST) continue;
        for (Step st : h.steps()) {
          if (st instanceof Step.NatTransformation n && n.kind().contains("DNAT")
              && (n.after().endsWith("→ " + endpoint) || n.after().contains("→ " + endpoint + ":"))) {
            return i;
          }
        }
      }
    }
    for (int i = 0; i < bs.size(); i++) {
      if (e.verdict().failed() != bs.get(i).disposition().success()) return i;
    }
    return 0;
  }

  /** The destination address of a {@code role: proto src:sport>dst:dport} tuple. */
  static String endpoint(String tuple) {
    String dst = tuple.substring(tuple.indexOf('>') + 1);
    return dst.substring(0, dst.lastIndexOf(':'));
  }

  /**
   * The hop of {@code b} on the segment's node and direction (the pod hop for the server's turn; the underlay hop
   * between the segment's two nodes for a loss on the wire), or -1.
   */
  static int hopOf(Branch b, Segment s) {
    List<Hop> hops = b.hops();
    if (s.node().isEmpty()) {
      for (int i = 0; i < hops.size(); i++) {
        Hop h = hops.get(i);
        if (h.place() == Hop.Place.UNDERLAY && h.direction() == s.direction() && h.where().equals(s.where())) return i;
      }
      return -1;
    }
    Hop.Place place = s.serverTurn() ? Hop.Place.POD : Hop.Place.NODE;
    for (int i = 0; i < hops.size(); i++) {
      Hop h = hops.get(i);
      if (h.node().equals(s.node()) && h.direction() == s.direction() && h.place() == place) return i;
    }
    return -1;
  }

  private static Hop breakHop(Branch b) {
    if (b.breakAt() == null) return null;
    for (Hop h : b.hops()) {
      if (h.steps().contains(b.breakAt().step())) return h;
    }
    return null;
  }

  private static String breakText(Branch b) {
    if (b.breakAt() == null) return "";
    Hop h = breakHop(b);
    String step = b.breakAt().step().text();
    String lead = b.disposition().name() + ": "; // a Drop step's text opens with its disposition already
    return " on " + (h != null ? h.where() + " (" + h.direction().name().toLowerCase(java.util.Locale.ROOT) + ")"
        : b.breakAt().node()) + ": " + (step.startsWith(lead) ? step.substring(lead.length()) : step);
  }
}
