package dev.packetwalk.capture.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.capture.path.PathMatcher.Point;
import dev.packetwalk.capture.path.PathMatcher.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The matcher on real tcpdump captures of a two-node path made of network namespaces ({@code
 * capture/path/make-netns-path.sh}): node-1 DNATs the "ClusterIP" 10.96.0.50 to the server pod 10.244.2.21 and
 * masquerades to its own address 10.0.0.11, so only the client's veth sees the client's own tuple.
 */
class PathMatcherTest {
  static final Target TCP = new Target(6, "10.244.1.20", "10.96.0.50", 80);

  static List<Point> points(String scenario) throws IOException {
    List<Point> out = new ArrayList<>();
    for (PathRole r : PathRole.values()) {
      String name = "/dev/packetwalk/capture/path/" + scenario + "/" + r.id() + ".pcap";
      try (InputStream in = PathMatcherTest.class.getResourceAsStream(name)) {
        String node = r == PathRole.CLIENT_VETH || r == PathRole.CLIENT_UNDERLAY ? "node-1" : "node-2";
        out.add(new Point(r, name.substring(1), node, PointReader.read(name, in.readAllBytes()).packets()));
      }
    }
    return out;
  }

  static String verdicts(Exchange e) {
    return e.segments().stream().map(s -> s.from().id() + ">" + s.to().id() + "=" + s.verdict())
        .collect(Collectors.joining(" "));
  }

  /**
   * The healthy path's client side, with the server side captured on a node the request never visited: what a
   * Service with an endpoint on a third node looks like when kube-proxy picks that one.
   */
  static List<Point> serverSideMissed() throws IOException {
    List<Point> out = new ArrayList<>();
    for (Point p : points("healthy")) {
      boolean server = p.role() == PathRole.SERVER_UNDERLAY || p.role() == PathRole.SERVER_VETH;
      out.add(server ? new Point(p.role(), p.capture(), "node-3", List.of()) : p);
    }
    return out;
  }

  @Test
  void aRequestNatSentToAnotherEndpointLeftThePathAndIsNotALoss() throws Exception {
    PathMatch m = PathMatcher.match(serverSideMissed(), TCP, java.util.Set.of("10.244.2.21", "10.244.3.30"));
    Exchange e = m.exchanges().get(0);
    assertEquals(CaptureVerdict.TO_OTHER_ENDPOINT, e.verdict(), verdicts(e));
    assertEquals(CaptureVerdict.TO_OTHER_ENDPOINT, m.verdict());
    assertTrue(m.firstFailing().isEmpty());
    Segment away = e.segments().get(1);
    assertEquals(PathRole.CLIENT_UNDERLAY, away.from());
    assertEquals(CaptureVerdict.TO_OTHER_ENDPOINT, away.verdict());
    assertEquals(away.sent(), away.elsewhere());
    assertTrue(away.text().contains("to another endpoint"), away.text());
    // the answer from the endpoint it went to came back through the client's node
    assertTrue(e.segments().stream().anyMatch(x -> x.from() == PathRole.CLIENT_UNDERLAY
        && x.direction() == dev.packetwalk.trace.Hop.Direction.REPLY && x.verdict() == CaptureVerdict.DELIVERED_AT_HOP),
        verdicts(e));
    // answered, it was served off the path even when 10.244.2.21 is no endpoint the bundle knows
    assertEquals(CaptureVerdict.TO_OTHER_ENDPOINT, PathMatcher.match(serverSideMissed(), TCP).verdict());
    // unanswered, and 10.244.2.21 no other endpoint of the Service (the captured server itself, or a stale rule's
    // address): a loss
    List<Point> unanswered = new ArrayList<>();
    for (Point p : serverSideMissed()) {
      unanswered.add(new Point(p.role(), p.capture(), p.node(), p.packets().stream()
          .filter(x -> !x.dst().equals("10.244.1.20") && !x.dst().equals("10.0.0.11")).toList()));
    }
    assertEquals(CaptureVerdict.NOT_SEEN_AT_DST, PathMatcher.match(unanswered, TCP, java.util.Set.of("10.244.3.30"))
        .verdict());
    assertEquals(CaptureVerdict.NOT_SEEN_AT_DST, PathMatcher.match(unanswered, TCP).verdict(),
        "without the Service's endpoints nothing is excused");
    assertEquals(CaptureVerdict.TO_OTHER_ENDPOINT, PathMatcher.match(unanswered, TCP,
        java.util.Set.of("10.244.2.21")).verdict(), "sent to another endpoint, answered or not");
  }

  @Test
  void aRequestAnsweredWithoutCrossingTheUnderlayWasServedOffThePathNotLost() throws Exception {
    // the healthy client veth (requests and their answers), nothing at the other points: an endpoint on the
    // client's own node served it
    List<Point> pts = new ArrayList<>();
    for (Point p : points("healthy")) {
      pts.add(p.role() == PathRole.CLIENT_VETH ? p : new Point(p.role(), p.capture(), p.node(), List.of()));
    }
    Exchange e = PathMatcher.match(pts, TCP).exchanges().get(0);
    assertEquals(CaptureVerdict.TO_OTHER_ENDPOINT, e.verdict(), verdicts(e));
    assertEquals(e.segments().get(0).sent(), e.segments().get(0).elsewhere());
    // the same requests without their answers are lost on the client's node
    List<PointPacket> requests = pts.get(0).packets().stream().filter(p -> p.src().equals("10.244.1.20")).toList();
    pts.set(0, new Point(PathRole.CLIENT_VETH, "x.pcap", "node-1", requests));
    assertEquals(CaptureVerdict.NOT_SEEN_AT_DST, PathMatcher.match(pts, TCP).verdict());
  }

  @Test
  void healthyTcpIsDeliveredAtEveryHopThroughDnatAndMasquerade() throws Exception {
    PathMatch m = PathMatcher.match(points("healthy"), TCP);
    assertEquals(1, m.exchanges().size(), m.toString());
    Exchange e = m.exchanges().get(0);
    assertEquals(CaptureVerdict.DELIVERED_AT_HOP, e.verdict(), e.toString());
    assertEquals("client-veth>client-underlay=DELIVERED_AT_HOP client-underlay>server-underlay=DELIVERED_AT_HOP "
        + "server-underlay>server-veth=DELIVERED_AT_HOP server-veth>server-veth=DELIVERED_AT_HOP "
        + "server-veth>server-underlay=DELIVERED_AT_HOP server-underlay>client-underlay=DELIVERED_AT_HOP "
        + "client-underlay>client-veth=DELIVERED_AT_HOP", verdicts(e));
    // matched through the NAT: the client's tuple at its veth, node-1's masquerade and the endpoint after it
    assertTrue(e.tuples().get(0).matches("client-veth: 6 10\\.244\\.1\\.20:\\d+>10\\.96\\.0\\.50:80"), e.tuples()
        .toString());
    assertTrue(e.tuples().get(3).matches("server-veth: 6 10\\.0\\.0\\.11:\\d+>10\\.244\\.2\\.21:8080"), e.tuples()
        .toString());
    // every request packet (SYN, ACK, data, FIN...) crossed every hop
    Segment first = e.segments().get(0);
    assertTrue(first.sent() >= 4 && first.sent() == first.arrived(), first.toString());
    assertEquals(List.of("client-veth", "client-underlay"), first.evidence().stream().map(PacketRef::role).toList());
  }

  @Test
  void packetsThatCrossedIntoAPointBeforeItListenedAreNotJudged() throws Exception {
    List<Point> pts = points("server-drop");
    assertEquals(CaptureVerdict.NOT_SEEN_AT_DST, PathMatcher.match(pts, TCP).verdict());
    Point veth = pts.get(3);
    long last = pts.stream().flatMap(p -> p.packets().stream()).mapToLong(PointPacket::nanos).max().orElseThrow();
    // the server's veth started listening only after every packet: its silence says nothing
    pts.set(3, new Point(veth.role(), veth.capture(), veth.node(), veth.packets(), last + 1_000_000_000L, 0));
    PathMatch late = PathMatcher.match(pts, TCP);
    Exchange e = late.exchanges().get(0);
    assertEquals(CaptureVerdict.NO_PACKETS, e.verdict(), "followed only to server-underlay: " + verdicts(e));
    assertEquals(CaptureVerdict.NO_PACKETS, e.segments().get(2).verdict(), verdicts(e));
    assertTrue(late.firstFailing().isEmpty());
    assertTrue(late.notes().stream().anyMatch(n -> n.contains("server-veth while it was not listening")),
        late.notes().toString());
    // a window that covers the packets changes nothing
    long first = pts.stream().flatMap(p -> p.packets().stream()).mapToLong(PointPacket::nanos).min().orElseThrow();
    pts.set(3, new Point(veth.role(), veth.capture(), veth.node(), veth.packets(), first - 1, last + 1));
    assertEquals(CaptureVerdict.NOT_SEEN_AT_DST, PathMatcher.match(pts, TCP).verdict());
  }

  @Test
  void dnsOverUdpIsMatchedByItsMessageAndIcmpEchoByIdAndSequence() throws Exception {
    PathMatch dns = PathMatcher.match(points("healthy"), new Target(17, "10.244.1.20", "10.96.0.50", 53));
    assertEquals(1, dns.exchanges().size());
    assertEquals(CaptureVerdict.DELIVERED_AT_HOP, dns.verdict(), dns.toString());
    assertTrue(dns.exchanges().get(0).tuples().get(3).endsWith(">10.244.2.21:5353"), dns.toString());
    PathMatch ping = PathMatcher.match(points("healthy"), new Target(1, "10.244.1.20", "10.244.2.21", 0));
    assertEquals(CaptureVerdict.DELIVERED_AT_HOP, ping.verdict(), ping.toString());
    assertEquals(7, ping.exchanges().get(0).segments().size());
  }

  @Test
  void dropOnTheServerNodeIsNotSeenAtTheServerVeth() throws Exception {
    Exchange e = PathMatcher.match(points("server-drop"), TCP).exchanges().get(0);
    assertEquals(CaptureVerdict.NOT_SEEN_AT_DST, e.verdict(), e.toString());
    Segment s = e.vanishedAt().orElseThrow();
    assertEquals(PathRole.SERVER_UNDERLAY, s.from());
    assertEquals(PathRole.SERVER_VETH, s.to());
    assertEquals("node-2", s.node());
    assertEquals(2, s.sent(), "the SYN and its retransmission"); // both reached node-2, neither its veth
    assertEquals(0, s.arrived());
    assertEquals("server-underlay", s.evidence().get(0).role());
    assertTrue(s.evidence().get(0).summary().startsWith("SYN, 10.0.0.11:"), s.evidence().toString());
  }

  @Test
  void serverThatDropsTheRequestItselfIsSeenNotAnswered() throws Exception {
    Exchange e = PathMatcher.match(points("not-answered"), TCP).exchanges().get(0);
    assertEquals(CaptureVerdict.SEEN_NOT_ANSWERED, e.verdict(), e.toString());
    assertTrue(e.vanishedAt().orElseThrow().serverTurn());
    assertEquals("client-veth>client-underlay=DELIVERED_AT_HOP client-underlay>server-underlay=DELIVERED_AT_HOP "
        + "server-underlay>server-veth=DELIVERED_AT_HOP server-veth>server-veth=SEEN_NOT_ANSWERED "
        + "server-veth>server-underlay=NO_PACKETS server-underlay>client-underlay=NO_PACKETS "
        + "client-underlay>client-veth=NO_PACKETS", verdicts(e));
  }

  @Test
  void answerDroppedOnTheServerNodeIsNotSeenAtTheSource() throws Exception {
    Exchange e = PathMatcher.match(points("reply-drop"), TCP).exchanges().get(0);
    assertEquals(CaptureVerdict.ANSWER_NOT_SEEN_AT_SRC, e.verdict(), e.toString());
    Segment s = e.vanishedAt().orElseThrow();
    assertEquals(PathRole.SERVER_VETH, s.from());
    assertEquals(PathRole.SERVER_UNDERLAY, s.to());
    assertEquals("node-2", s.node());
    // the SYN-ACK and its retransmissions left the server; none reached node-2's underlay
    assertTrue(s.sent() >= 2 && s.arrived() == 0, s.toString());
    assertTrue(s.evidence().get(0).summary().startsWith("SYN, ACK"), s.evidence().toString());
    assertEquals(CaptureVerdict.NO_PACKETS, e.segments().get(e.segments().size() - 1).verdict());
  }

  @Test
  void rejectOnTheClientNodeIsLostThereWithTheIcmpErrorAsAnswer() throws Exception {
    PathMatch m = PathMatcher.match(points("client-reject"), TCP);
    Exchange e = m.exchanges().get(0);
    assertEquals(CaptureVerdict.NOT_SEEN_AT_DST, e.verdict(), e.toString());
    Segment s = e.vanishedAt().orElseThrow();
    assertEquals(PathRole.CLIENT_VETH, s.from());
    assertEquals("node-1", s.node());
    assertTrue(e.answer().startsWith("ICMP type 3 code 3 (port unreachable) from 10.96.0.50, client-veth #"),
        e.answer());
  }

  @Test
  void pointThePathDoesNotCrossIsLeftOutNotBlamed() throws Exception {
    // as if client and server shared a node: the underlay captures saw nothing of the flow
    List<Point> pts = new ArrayList<>(points("healthy"));
    pts.set(1, new Point(PathRole.CLIENT_UNDERLAY, "x.pcap", "node-1", List.of()));
    PathMatch m = PathMatcher.match(pts, TCP);
    assertEquals(List.of(PathRole.CLIENT_VETH, PathRole.SERVER_UNDERLAY, PathRole.SERVER_VETH), m.roles());
    assertEquals(CaptureVerdict.DELIVERED_AT_HOP, m.verdict(), m.toString());
    assertTrue(m.notes().get(0).startsWith("client-underlay saw none"), m.notes().toString());
  }
}
