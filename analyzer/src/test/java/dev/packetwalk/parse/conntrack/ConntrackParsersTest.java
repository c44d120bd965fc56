package dev.packetwalk.parse.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackParsersTest {

  private static String rw(String name) throws IOException {
    try (InputStream in = ConntrackParsersTest.class.getResourceAsStream("realworld/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void openstackNodeExtendedListing() throws IOException {
    Parsed<ConntrackTable> p = ConntrackListParser.parse("f", rw("hotsos-openstack-node.conntrack_-L_-o_extended.txt"));
    List<ConntrackEntry> e = p.value().entries();
    // 1439 lines: 1438 entries (matching the trailer) and a stray "1" line
    assertEquals(1438, e.size());
    assertEquals(1438, p.value().reportedCount());
    assertEquals(List.of(1434, 1435), p.warnings().stream().map(ParseWarning::line).toList());
    assertEquals(List.of(ParseWarning.Kind.MALFORMED, ParseWarning.Kind.UNRECOGNIZED),
        p.warnings().stream().map(ParseWarning::kind).toList());
    ConntrackEntry spliced = e.stream().filter(x -> x.line() == 1434).findFirst().orElseThrow();
    assertEquals(-1, spliced.use()); // the entry the trailer was spliced into
    assertEquals("10.0.0.133", spliced.original().src());
    assertEquals(1399, e.stream().filter(x -> x.proto().equals("tcp")).count());
    assertEquals(39, e.stream().filter(x -> x.proto().equals("udp")).count());
    assertEquals(964, e.stream().filter(x -> "TIME_WAIT".equals(x.tcpState())).count());
    assertEquals(407, e.stream().filter(x -> "ESTABLISHED".equals(x.tcpState())).count());
    assertEquals(19, e.stream().filter(x -> "CLOSE".equals(x.tcpState())).count());
    assertEquals(9, e.stream().filter(x -> "CLOSE_WAIT".equals(x.tcpState())).count());
    assertEquals(38, e.stream().filter(ConntrackEntry::unreplied).count());
    ConntrackEntry first = e.get(0);
    assertEquals("ipv4", first.l3());
    assertEquals(2, first.l3num());
    assertEquals(6, first.protonum());
    assertEquals(87, first.ttl());
    assertEquals(new ConntrackEntry.Tuple("10.0.0.111", "10.0.0.119", 55158, 3306, -1, -1, -1), first.original());
    assertEquals(new ConntrackEntry.Tuple("10.0.0.119", "10.0.0.111", 3306, 55158, -1, -1, -1), first.reply());
    assertTrue(first.assured());
    assertEquals(0, first.mark());
    assertEquals(1, first.use());
    ConntrackEntry v6 = e.stream().filter(x -> "ipv6".equals(x.l3())).findFirst().orElseThrow();
    assertEquals(10, v6.l3num());
    assertEquals("ff02::15a", v6.original().dst());
    assertNull(v6.tcpState());
    assertEquals(14, e.stream().filter(x -> x.zone() == 3).count());
  }

  @Test
  void unknownProtocolsInNetns() throws IOException {
    Parsed<ConntrackTable> p = ConntrackListParser.parse("f", rw("hotsos-openstack-netns-snat.conntrack_-L_-o_extended.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(2, p.value().reportedCount());
    assertEquals(List.of(112, 2), p.value().entries().stream().map(ConntrackEntry::protonum).toList());
    ConntrackEntry vrrp = p.value().entries().get(0);
    assertEquals("unknown", vrrp.proto());
    assertEquals(598, vrrp.ttl());
    assertEquals("224.0.0.18", vrrp.original().dst());
    assertEquals("224.0.0.18", vrrp.reply().src());
    assertEquals(-1, vrrp.original().sport());
    assertTrue(vrrp.unreplied());
  }

  @Test
  void defaultFormIcmpAndExtras() {
    Parsed<ConntrackTable> p = ConntrackListParser.parse("f", """
        icmp     1 29 src=10.244.7.3 dst=10.244.9.9 type=8 code=0 id=4711 src=10.244.9.9 dst=10.244.7.3 type=0 code=0 id=4711 mark=0 use=1
        tcp      6 431999 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 [OFFLOAD] mark=16384 secctx=system_u:object_r:unlabeled_t:s0 zone=5 use=2
        garbage line here
        """);
    assertEquals(2, p.value().entries().size());
    ConntrackEntry icmp = p.value().entries().get(0);
    assertNull(icmp.l3());
    assertEquals(8, icmp.original().type());
    assertEquals(4711, icmp.reply().id());
    ConntrackEntry tcp = p.value().entries().get(1);
    assertTrue(tcp.offload());
    assertEquals(16384, tcp.mark());
    assertEquals("system_u:object_r:unlabeled_t:s0", tcp.extras().get("secctx"));
    assertEquals(5, tcp.zone());
    assertEquals(-1, p.value().reportedCount());
    assertEquals(ParseWarning.Kind.UNRECOGNIZED, p.warnings().get(0).kind());
    assertEquals(3, p.warnings().get(0).line());
  }

  @Test
  void statsTotals() throws IOException {
    Parsed<ConntrackStats> p = ConntrackStatsParser.parse("s", rw("hotsos-openstack-node.conntrack_-S.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(2, p.value().cpus().size());
    assertEquals(6944, p.value().total("invalid"));
    assertEquals(283790 + 275739, p.value().total("ignore"));
    assertEquals(9916 + 4151, p.value().total("search_restart"));
    assertEquals(0, p.value().total("insert_failed"));
    assertEquals(30L, p.value().cpus().get(1).counters().get("invalid"));
    Parsed<ConntrackStats> ns = ConntrackStatsParser.parse("s", rw("hotsos-openstack-netns-snat.conntrack_-S.txt"));
    assertEquals(0, ns.value().total("invalid"));
    Parsed<ConntrackStats> bad = ConntrackStatsParser.parse("s", "hello\ncpu=0 found=x drop=3\n");
    assertEquals(2, bad.warnings().size());
    assertEquals(3, bad.value().total("drop"));
  }

  @Test
  void count() {
    assertEquals(1438L, ConntrackCountParser.parse("c", "1438\n").value());
    assertFalse(ConntrackCountParser.parse("c", "conntrack: command not found").clean());
  }
}
