package dev.packetwalk.parse.iproute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import dev.packetwalk.parse.Parsed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Crafted garbage: every parser reports it as named warnings with the raw text and keeps the good lines. */
class IprouteGarbageTest {

  @Test
  void linkGarbage() {
    Parsed<List<IpLink>> p = IpLinkParser.parse("f", """
        Cannot open netlink socket
        1: lo: <LOOPBACK,UP> mtu 65536 qdisc noqueue state UNKNOWN
            link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            RX: bytes packets
            lots notanumber
        """);
    assertEquals(1, p.value().size());
    assertEquals(List.of(Kind.UNRECOGNIZED, Kind.MALFORMED), p.warnings().stream().map(ParseWarning::kind).toList());
    assertEquals("Cannot open netlink socket", p.warnings().get(0).raw());
    assertEquals(5, p.warnings().get(1).line());
  }

  @Test
  void routeGarbageKeepsGoodRoutes() {
    Parsed<List<IpRoute>> p = IpRouteParser.parse("f", """
        RTNETLINK answers: Operation not permitted
        10.0.0.0/8 via 10.0.0.1 dev eth0 frobnicate 7 metric 5
        \tsomething odd
        default via 10.0.0.1 dev eth0
        """);
    assertEquals(2, p.value().size());
    assertEquals(null, p.value().get(0).metric()); // reading stopped at the unknown keyword; raw keeps it
    assertTrue(p.value().get(0).raw().contains("frobnicate"));
    assertEquals(List.of(1, 2, 3), p.warnings().stream().map(ParseWarning::line).toList());
    assertTrue(p.warnings().stream().allMatch(w -> w.kind() == Kind.UNRECOGNIZED));
  }

  @Test
  void ruleNeighFdbBridgeGarbage() {
    assertEquals(Kind.UNRECOGNIZED, IpRuleParser.parse("f", "junk\n0:\tfrom all lookup local\n").warnings().get(0).kind());
    Parsed<List<IpRule>> r = IpRuleParser.parse("f", "5:\tfrom all wibble 3 lookup main\n");
    assertEquals("3", r.value().get(0).options().get("wibble"));
    assertEquals(1, r.warnings().size());
    Parsed<List<IpNeighbour>> n = IpNeighParser.parse("f", "garbage here\n10.0.0.1 dev eth0 lladdr aa:bb:cc:dd:ee:ff WEIRD\n");
    assertEquals(1, n.value().size());
    assertEquals(List.of("WEIRD"), n.value().get(0).otherFlags());
    assertEquals(2, n.warnings().size());
    assertEquals(1, BridgeFdbParser.parse("f", "not a mac\n").warnings().size());
    assertEquals(1, BridgeLinkParser.parse("f", "random\n").warnings().size());
  }

  @Test
  void jsonGarbage() {
    assertEquals(Kind.MALFORMED, IpLinkJsonParser.parse("f", "{not json").warnings().get(0).kind());
    assertEquals(Kind.MALFORMED, IpRouteJsonParser.parse("f", "{}").warnings().get(0).kind());
    assertEquals(Kind.MALFORMED, IpAddrJsonParser.parse("f", "[{\"ifname\":\"x\"}]").warnings().get(0).kind());
    assertTrue(IpNeighJsonParser.parse("f", "").value().isEmpty());
  }
}
