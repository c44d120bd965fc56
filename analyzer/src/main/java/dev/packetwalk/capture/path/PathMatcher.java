package dev.packetwalk.capture.path;

import dev.packetwalk.trace.Hop.Direction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows a flow's packets over the capture points of its path. The requests are the client's packets to the flow's
 * destination at the first point (the client's veth, before any NAT); each is looked up at every later point by its
 * identity key ({@link PointReader}), whatever addresses NAT gave it there. The answers are the packets going back
 * on the tuple the request had at the last point it reached, followed back the same way. A packet that occurs twice
 * with one key (a SYN-ACK retransmitted with IP id 0) is matched occurrence by occurrence.
 *
 * <p>A point that none of the flow's packets crossed while a later one saw them (the underlay of a path that stays
 * on one node) is left out and noted, so that it is not mistaken for the place they vanished.
 */
public final class PathMatcher {
  /** Exchanges kept per flow; the first failing one is always among them. */
  public static final int MAX_EXCHANGES = 50;

  /**
   * The packets of one capture point, and the time it listened (its node's clock, ns since the epoch; 0 when not
   * recorded): a packet another point saw outside that window could not have been seen here, and is not judged.
   */
  public record Point(PathRole role, String capture, String node, List<PointPacket> packets, long listeningNanos,
      long endNanos) {
    public Point {
      packets = List.copyOf(packets);
    }

    public Point(PathRole role, String capture, String node, List<PointPacket> packets) {
      this(role, capture, node, packets, 0, 0);
    }

    /** Whether this point was listening at {@code nanos} (as far as its recorded window says). */
    boolean listening(long nanos) {
      return (listeningNanos == 0 || nanos >= listeningNanos) && (endNanos == 0 || nanos <= endNanos);
    }
  }

  /** The flow as the client sends it: protocol number, client address, destination address and port (0 for ICMP). */
  public record Target(int proto, String client, String dst, int dport) {}

  private final List<Point> points;
  private final Target target;
  /** Addresses of the Service's other endpoints: a request NAT sent to one of them left the captured path. */
  private final Set<String> others;
  private final List<Map<Long, List<PointPacket>>> byKey = new ArrayList<>();
  private final List<Map<PointPacket, Boolean>> used = new ArrayList<>();
  /** Per point: packets seen at the previous point while this one was not listening, which are not judged. */
  private final int[] outside;

  private PathMatcher(List<Point> points, Target target, Set<String> others) {
    this.points = points;
    this.target = target;
    this.others = others;
    this.outside = new int[points.size()];
    for (Point p : points) {
      Map<Long, List<PointPacket>> m = new HashMap<>();
      for (PointPacket x : p.packets()) m.computeIfAbsent(x.key(), k -> new ArrayList<>()).add(x);
      byKey.add(m);
      used.add(new java.util.IdentityHashMap<>());
    }
  }

  /** {@code points} in path order (any subset of the four roles); the first one is where requests are picked. */
  public static PathMatch match(List<Point> points, Target target) {
    return match(points, target, Set.of());
  }

  /**
   * As {@link #match(List, Target)}, knowing the addresses of the Service's other endpoints (its ready endpoints in
   * the collected EndpointSlices, but the captured server): a request that NAT sent to one of them left the captured
   * path ({@link CaptureVerdict#TO_OTHER_ENDPOINT}), which is not a loss. A request sent to an address that is no
   * endpoint at all (a stale rule's) stays on the path and is judged there.
   */
  public static PathMatch match(List<Point> points, Target target, Set<String> others) {
    List<String> notes = new ArrayList<>();
    if (points.isEmpty()) return new PathMatch(List.of(), List.of(), 0, List.of("no capture point"));
    List<Point> crossed = new ArrayList<>(points);
    boolean[] seen = new PathMatcher(points, target, others).reach(target);
    for (int i = points.size() - 2; i >= 1; i--) {
      boolean later = false;
      for (int j = i + 1; j < points.size(); j++) later |= seen[j];
      if (!seen[i] && later) {
        crossed.remove(i);
        notes.add(points.get(i).role().id() + " saw none of the flow's packets while a later point did: the path "
            + "does not cross it (e.g. client and server on one node), so it is left out");
      }
    }
    PathMatcher m = new PathMatcher(crossed, target, others);
    Map<String, List<PointPacket>> groups = m.requests(target);
    List<Exchange> out = new ArrayList<>();
    int more = 0;
    for (List<PointPacket> reqs : groups.values()) {
      Exchange e = m.exchange(reqs);
      boolean keep = out.size() < MAX_EXCHANGES - 1 || (out.size() < MAX_EXCHANGES
          && (e.verdict().failed() || out.stream().anyMatch(x -> x.verdict().failed())));
      if (keep) out.add(e);
      else more++;
    }
    for (int i = 0; i < crossed.size(); i++) {
      if (m.outside[i] > 0) {
        notes.add(m.outside[i] + " packet(s) crossed the hop into " + crossed.get(i).role().id() + " while it was not "
            + "listening (before it started or after it ended, by its node's clock): they are not judged");
      }
    }
    return new PathMatch(crossed.stream().map(Point::role).toList(), out, more, notes);
  }

  /** Which points saw any request of the target (a first pass, to find the points the path does not cross). */
  private boolean[] reach(Target target) {
    boolean[] seen = new boolean[points.size()];
    for (List<PointPacket> reqs : requests(target).values()) {
      for (PointPacket r : reqs) {
        seen[0] = true;
        for (int i = 1; i < points.size(); i++) seen[i] |= find(i, r) != null;
      }
    }
    return seen;
  }

  /** The client's requests at the first point, grouped by tuple in order of first appearance. */
  private Map<String, List<PointPacket>> requests(Target t) {
    Map<String, List<PointPacket>> groups = new LinkedHashMap<>();
    for (PointPacket p : points.get(0).packets()) {
      boolean echo = p.proto() == 1 ? p.icmpType() == 8 : p.proto() == 58 && p.icmpType() == 128;
      boolean ok = p.proto() == t.proto() && p.src().equals(t.client()) && p.dst().equals(t.dst())
          && (t.proto() == 1 || t.proto() == 58 ? echo : p.dport() == t.dport());
      if (ok) groups.computeIfAbsent(p.tuple(), k -> new ArrayList<>()).add(p);
    }
    return groups;
  }

  /** The first unused packet at point {@code i} with {@code p}'s key, marked used; null if none. */
  private PointPacket find(int i, PointPacket p) {
    for (PointPacket c : byKey.get(i).getOrDefault(p.key(), List.of())) {
      if (used.get(i).putIfAbsent(c, Boolean.TRUE) == null) return c;
    }
    return null;
  }

  private Exchange exchange(List<PointPacket> reqs) {
    int n = points.size();
    PointPacket[][] req = follow(reqs, 0, 1);
    int last = 0;
    String[] tuple = new String[n];
    PointPacket lastSeen = null; // the first request at the last point any reached
    for (int i = 0; i < n; i++) {
      for (PointPacket[] r : req) {
        if (r[i] != null && tuple[i] == null) {
          tuple[i] = r[i].tuple();
          last = i;
          lastSeen = r[i];
        }
      }
    }
    String answer = lastSeen.reverseTuple(); // reqs is never empty, and point 0 is where they were picked
    List<PointPacket> replies = new ArrayList<>();
    for (PointPacket p : points.get(last).packets()) {
      if (!p.icmpError() && p.tuple().equals(answer)) replies.add(p);
    }
    PointPacket[][] rep = follow(replies, last, -1);
    List<Segment> segs = new ArrayList<>();
    for (int i = 0; i + 1 < n; i++) segs.add(hop(Direction.REQUEST, i, i + 1, req));
    boolean serverTurn = points.get(n - 1).role() == PathRole.SERVER_VETH && last == n - 1;
    if (serverTurn) segs.add(turn(req, rep, n - 1));
    for (int i = last; i >= 1; i--) segs.add(hop(Direction.REPLY, i, i - 1, rep));
    if (last < n - 1 && served(rep)) {
      // answered, yet not seen past `last`: an endpoint off the captured path served it (one on the client's own
      // node, whose answer never crosses the underlay, or one the collected EndpointSlices do not list yet); the
      // hop after `last` lost nothing
      Segment s = segs.get(last);
      segs.set(last, new Segment(s.direction(), s.from(), s.to(), s.node(), s.where(),
          s.arrived() == 0 ? CaptureVerdict.TO_OTHER_ENDPOINT : CaptureVerdict.DELIVERED_AT_HOP, s.sent(),
          s.arrived(), s.sent() - s.arrived(), s.evidence()));
    }
    int vanished = -1;
    for (int i = 0; i < segs.size() && vanished < 0; i++) {
      if (segs.get(i).verdict().failed()) vanished = i;
    }
    List<String> tuples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (tuple[i] != null) tuples.add(points.get(i).role().id() + ": " + tuple[i]);
    }
    boolean elsewhere = segs.stream().anyMatch(x -> x.verdict() == CaptureVerdict.TO_OTHER_ENDPOINT);
    boolean answered = false;
    for (PointPacket[] r : rep) answered |= r[0] != null;
    // delivered only when the captures followed it to the end of the path, or saw the answer come back
    CaptureVerdict verdict = vanished >= 0 ? segs.get(vanished).verdict()
        : elsewhere ? CaptureVerdict.TO_OTHER_ENDPOINT
        : last == n - 1 || answered ? CaptureVerdict.DELIVERED_AT_HOP : CaptureVerdict.NO_PACKETS;
    return new Exchange(reqs.get(0).tuple(), reqs.get(0).nanos(), verdict, vanished, answer(tuple, rep), segs,
        tuples);
  }

  /**
   * Whether a real answer came back to the first point: an answer of the server's own (a SYN-ACK, a datagram, an
   * echo reply), not a reset or an ICMP error, which a node's REJECT sends as well.
   */
  private static boolean served(PointPacket[][] rep) {
    for (PointPacket[] r : rep) {
      if (r[0] != null && !r[0].icmpError() && !r[0].summary().contains("RST")) return true;
    }
    return false;
  }

  /** Each packet's occurrence at every point, walking from point {@code origin} in direction {@code step}. */
  private PointPacket[][] follow(List<PointPacket> packets, int origin, int step) {
    PointPacket[][] at = new PointPacket[packets.size()][points.size()];
    for (int k = 0; k < packets.size(); k++) {
      at[k][origin] = packets.get(k);
      used.get(origin).put(packets.get(k), Boolean.TRUE);
      for (int i = origin + step; i >= 0 && i < points.size(); i += step) at[k][i] = find(i, packets.get(k));
    }
    return at;
  }

  private Segment hop(Direction d, int from, int to, PointPacket[][] at) {
    int sent = 0;
    int arrived = 0;
    int away = 0;
    List<PacketRef> lost = new ArrayList<>();
    List<PacketRef> crossed = new ArrayList<>();
    List<PacketRef> left = new ArrayList<>();
    for (PointPacket[] p : at) {
      if (p[from] == null) continue;
      if (p[to] == null && !points.get(to).listening(p[from].nanos())) {
        outside[to]++;
        continue;
      }
      sent++;
      if (p[to] != null) {
        arrived++;
        if (crossed.isEmpty()) {
          crossed.add(ref(from, p[from]));
          crossed.add(ref(to, p[to]));
        }
      } else if (d == Direction.REQUEST && elsewhere(p[from])) {
        away++;
        if (left.isEmpty()) left.add(ref(from, p[from]));
      } else if (lost.size() < 3) {
        lost.add(ref(from, p[from]));
      }
    }
    CaptureVerdict v = sent == 0 ? CaptureVerdict.NO_PACKETS
        : arrived + away < sent ? (d == Direction.REQUEST ? CaptureVerdict.NOT_SEEN_AT_DST
            : CaptureVerdict.ANSWER_NOT_SEEN_AT_SRC)
        : arrived == 0 ? CaptureVerdict.TO_OTHER_ENDPOINT : CaptureVerdict.DELIVERED_AT_HOP;
    Point a = points.get(from);
    Point b = points.get(to);
    boolean oneNode = a.node().equals(b.node()) && !a.node().isEmpty();
    String where = oneNode ? "node " + a.node() : "underlay " + a.node() + " → " + b.node();
    List<PacketRef> evidence = !lost.isEmpty() ? lost : v == CaptureVerdict.TO_OTHER_ENDPOINT ? left : crossed;
    return new Segment(d, a.role(), b.role(), oneNode ? a.node() : "", where, v, sent, arrived, away, evidence);
  }

  /** Whether a request, as seen at a point, was addressed to another endpoint, whose path the captures do not follow. */
  private boolean elsewhere(PointPacket p) {
    return others.contains(p.dst());
  }

  /** The server's turn: the requests that reached its veth and the answers that left it. */
  private Segment turn(PointPacket[][] req, PointPacket[][] rep, int i) {
    int in = 0;
    PacketRef firstIn = null;
    for (PointPacket[] r : req) {
      if (r[i] != null) {
        in++;
        if (firstIn == null) firstIn = ref(i, r[i]);
      }
    }
    List<PacketRef> ev = new ArrayList<>();
    if (firstIn != null) ev.add(firstIn);
    if (rep.length > 0) ev.add(ref(i, rep[0][i]));
    Point p = points.get(i);
    return new Segment(Direction.REQUEST, p.role(), p.role(), p.node(), "pod behind " + p.role().id()
        + (p.node().isEmpty() ? "" : " on " + p.node()), rep.length > 0 ? CaptureVerdict.DELIVERED_AT_HOP
        : CaptureVerdict.SEEN_NOT_ANSWERED, in, rep.length, 0, ev);
  }

  /** An ICMP error about the request seen at some point, or the server's reset. */
  private String answer(String[] tuple, PointPacket[][] rep) {
    for (int i = 0; i < points.size(); i++) {
      if (tuple[i] == null) continue;
      for (PointPacket p : points.get(i).packets()) {
        if (p.icmpError() && p.quoted().equals(tuple[i])) {
          return p.summary() + " from " + p.src() + ", " + points.get(i).role().id() + " #" + p.number();
        }
      }
    }
    for (PointPacket[] r : rep) {
      PointPacket first = null;
      for (PointPacket x : r) if (x != null) first = first == null ? x : first;
      if (first != null && first.summary().contains("RST")) return "TCP reset from the server (" + first.summary()
          + ")";
    }
    return "";
  }

  private PacketRef ref(int i, PointPacket p) {
    Point pt = points.get(i);
    return new PacketRef(pt.capture(), pt.role().id(), p.number(), p.summary() + ", " + p.src() + ":" + p.sport()
        + " → " + p.dst() + ":" + p.dport());
  }
}
