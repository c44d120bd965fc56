package dev.packetwalk.parse.iproute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Real iproute2 output from other projects' fixtures (see realworld/PROVENANCE.md), with concrete facts. */
class IprouteRealworldTest {
  private static final String RW = "realworld/";

  private static String rw(String name) {
    return Fixtures.read(RW + name);
  }

  private static <T> T only(List<T> items, Predicate<T> p) {
    List<T> hits = items.stream().filter(p).toList();
    assertEquals(1, hits.size(), "expected exactly one match, got " + hits);
    return hits.get(0);
  }

  @Test
  void canalNodeLinksWithVxlanAndStats() {
    Parsed<List<IpLink>> p = IpLinkParser.parse("l", rw("hotsos-canal-k8s-node.ip_-s_-d_link.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(List.of("lo", "ens3", "flannel.1"), p.value().stream().map(IpLink::name).toList());
    IpLink flannel = p.value().get(2);
    assertEquals(8908, flannel.mtu());
    assertEquals("UNKNOWN", flannel.state());
    assertEquals("9a:e0:6b:c3:ce:e3", flannel.address());
    LinkInfo vx = flannel.info();
    assertEquals("vxlan", vx.kind());
    assertEquals(1L, vx.id());
    assertEquals("10.6.3.201", vx.local());
    assertEquals("ens3", vx.dev());
    assertEquals(8472, vx.dstport());
    assertEquals("0 0", vx.option("srcport"));
    assertEquals(Boolean.FALSE, vx.learning());
    assertEquals("auto", vx.option("ttl"));
    assertTrue(vx.hasFlag("udpcsum"));
    assertEquals("eui64", flannel.attributes().get("addrgenmode"));
    assertEquals(13L, flannel.stats().txDropped());
    assertEquals(190756L, flannel.stats().rxBytes());
    assertEquals(778213169L, p.value().get(1).stats().rxBytes());
    assertEquals(0L, p.value().get(1).stats().rx().get("over_errors"));
  }

  @Test
  void bondOvsGreGeneveLinks() {
    Parsed<List<IpLink>> p = IpLinkParser.parse("l", rw("insights-ip_-s_-d_link-bond-ovs-gre-geneve.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(14, p.value().size());
    IpLink slave = only(p.value(), l -> l.name().equals("eth0_1"));
    assertEquals("bond0", slave.master());
    assertNull(slave.info());
    assertEquals("bond_slave", slave.slaveInfo().kind());
    assertEquals("ACTIVE", slave.slaveInfo().state());
    assertEquals("00:90:fa:8d:36:1e", slave.slaveInfo().option("perm_hwaddr"));
    assertEquals(16809815066893L, slave.stats().rxBytes());
    assertEquals(117902L, slave.stats().rxDropped());
    IpLink vxlan = only(p.value(), l -> l.name().equals("vxlan_sys_4789"));
    assertEquals("vxlan", vxlan.kind());
    assertEquals(4789, vxlan.info().dstport());
    assertTrue(vxlan.info().hasFlag("external"));
    assertEquals("openvswitch_slave", vxlan.slaveInfo().kind());
    IpLink gre0 = only(p.value(), l -> l.name().equals("gre0"));
    assertEquals("NONE", gre0.linkSuffix());
    assertNull(gre0.peerIfindex());
    assertEquals("gre", gre0.linkType());
    assertEquals("any", gre0.info().remote());
    assertTrue(gre0.info().hasFlag("nopmtudisc"));
    IpLink gre1 = only(p.value(), l -> l.name().equals("gre1"));
    assertEquals("172.168.10.25", gre1.info().remote());
    assertEquals("10.211.47.217", gre1.info().local());
    assertEquals("172.168.10.25", gre1.peerAddress());
    assertEquals("255", gre1.info().option("ttl"));
    assertEquals("gretap", only(p.value(), l -> l.name().equals("gretap0")).kind());
    IpLink geneve = only(p.value(), l -> l.name().equals("geneve1"));
    assertEquals(11L, geneve.info().id());
    assertEquals("192.168.43.173", geneve.info().remote());
    assertEquals(6081, geneve.info().dstport());
    assertEquals(8L, geneve.stats().rxErrors());
    assertEquals("openvswitch", only(p.value(), l -> l.name().equals("br-int")).kind());
    assertEquals(101259804L, only(p.value(), l -> l.name().equals("br-int")).stats().rxDropped());
  }

  @Test
  void ovsVxlanLinksWithHugeCounters() {
    Parsed<List<IpLink>> p = IpLinkParser.parse("l", rw("insights-ip_-s_-d_link-ovs-vxlan_sys_4789.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    IpLink eno2 = only(p.value(), l -> l.name().equals("eno2"));
    assertEquals("ovs-system", eno2.master());
    assertEquals(169323904323594L, eno2.stats().rxBytes());
    assertEquals(87515L, only(p.value(), l -> l.name().equals("vxlan_sys_4789")).stats().txDropped());
  }

  @Test
  void canalNodeAddressesDetailedAndOneline() {
    Parsed<List<IpAddrInterface>> d = IpAddrParser.parse("a", rw("hotsos-canal-k8s-node.ip_-d_address.txt"));
    assertTrue(d.clean(), d.warnings().toString());
    IpAddrInterface ens3 = d.value().get(1);
    IpAddress v4 = ens3.addresses().get(0);
    assertEquals("10.6.3.201", v4.local());
    assertEquals(16, v4.prefixLength());
    assertEquals("10.6.255.255", v4.broadcast());
    assertEquals(List.of("dynamic"), v4.flags());
    assertEquals("ens3", v4.label());
    assertEquals("84872sec", v4.validLft());
    IpAddrInterface flannel = d.value().get(2);
    assertEquals("vxlan", flannel.link().kind());
    assertEquals("10.1.84.0/32", flannel.addresses().get(0).cidr());
    assertEquals("inet6", flannel.addresses().get(1).family());
    assertNull(flannel.addresses().get(1).label());

    Parsed<List<IpAddrInterface>> o = IpAddrParser.parse("o", rw("hotsos-canal-k8s-node.ip_-o_addr.txt"));
    assertTrue(o.clean(), o.warnings().toString());
    assertEquals(3, o.value().size());
    for (int i = 0; i < 3; i++) { // the oneline form carries the same addresses as the detailed one
      assertEquals(d.value().get(i).name(), o.value().get(i).name());
      assertEquals(d.value().get(i).addresses().stream().map(a -> withLine(a, 0)).toList(),
          o.value().get(i).addresses().stream().map(a -> withLine(a, 0)).toList());
    }
  }

  private static IpAddress withLine(IpAddress a, int line) {
    return new IpAddress(a.family(), a.local(), a.prefixLength(), a.peer(), a.broadcast(), a.scope(), a.flags(),
        a.label(), a.validLft(), a.preferredLft(), a.options(), line);
  }

  @Test
  void truncatedAddrOutputWarnsAndKeepsGoing() {
    Parsed<List<IpAddrInterface>> p = IpAddrParser.parse("a", rw("insights-ip_addr-truncated-tun0.txt"));
    List<ParseWarning> w = p.warnings(ParseWarning.Kind.UNRECOGNIZED);
    assertEquals(3, w.size());
    assertEquals("Message truncated", w.get(0).raw());
    assertEquals(List.of(1, 2, 3), w.stream().map(ParseWarning::line).toList());
    assertEquals(6, p.value().size());
    IpAddrInterface eth7 = p.value().get(1);
    assertEquals("bond1", eth7.link().master());
    assertEquals(1, eth7.link().linkNetnsid());
    IpAddress p2p = p.value().get(3).addresses().get(0);
    assertEquals("172.30.0.1", p2p.local());
    assertEquals("172.30.0.2", p2p.peer());
    assertEquals(32, p2p.prefixLength());
    assertEquals("tun0", p2p.label());
    assertEquals("[65534]", p.value().get(3).link().linkType());
    IpAddrInterface vlan = p.value().get(4);
    assertEquals("bond1.57", vlan.name());
    assertEquals("bond1", vlan.link().linkSuffix());
    assertEquals(List.of("mngtmpaddr", "dynamic"), vlan.addresses().get(2).flags());
    assertEquals("2592000sec", vlan.addresses().get(2).validLft());
    IpLink tun = p.value().get(5).link();
    assertEquals("ipip", tun.linkType());
    assertEquals("10.192.4.203", tun.address());
    assertEquals("10.188.61.108", tun.peerAddress());
    assertEquals("192.168.122.6", p.value().get(5).addresses().get(0).peer());
  }

  @Test
  void canalNodeRoutes() {
    Parsed<List<IpRoute>> p = IpRouteParser.parse("r", rw("hotsos-canal-k8s-node.ip_route_show_table_all.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(21, p.value().size());
    IpRoute def = p.value().get(0);
    assertEquals("0.0.0.0/0", def.prefix());
    assertEquals("10.6.0.1", def.via());
    assertEquals("dhcp", def.proto());
    assertEquals(100L, def.metric());
    assertEquals(254, def.tableId());
    IpRoute pod = only(p.value(), r -> r.dst().equals("10.1.7.0/24"));
    assertEquals("10.1.7.0", pod.via());
    assertEquals("flannel.1", pod.dev());
    assertTrue(pod.hasFlag("onlink"));
    IpRoute metadata = only(p.value(), r -> r.dst().equals("169.254.169.254"));
    assertEquals("169.254.169.254/32", metadata.prefix());
    IpRoute local = only(p.value(), r -> r.dst().equals("10.1.84.0"));
    assertEquals("local", local.type());
    assertEquals(255, local.tableId());
    assertEquals("host", local.scope());
    assertEquals(13, p.value().stream().filter(r -> r.family() == 4).count());
    IpRoute mc = only(p.value(), r -> r.type().equals("multicast") && "flannel.1".equals(r.dev()));
    assertEquals(6, mc.family());
    assertEquals("medium", mc.pref());
    assertEquals(p.value().subList(13, 21).stream().map(IpRoute::raw).toList(),
        IpRouteParser.parse("r6", rw("hotsos-canal-k8s-node.ip_-6_route_show_table_all.txt")).value().stream()
            .map(IpRoute::raw).toList());
  }

  @Test
  void oldIproute2RoutesWithCacheLines() {
    Parsed<List<IpRoute>> p = IpRouteParser.parse("r", rw("insights-ip_route_show_table_all-old-iproute2.txt"));
    assertEquals(8, p.warnings(ParseWarning.Kind.UNSUPPORTED).size());
    assertEquals(p.warnings().size(), p.warnings(ParseWarning.Kind.UNSUPPORTED).size());
    assertEquals(46, p.value().size());
    IpRoute tun = only(p.value(), r -> r.dst().equals("10.0.0.0/8"));
    assertEquals("static", tun.proto());
    assertEquals(50L, tun.metric());
    IpRoute ra = only(p.value(), r -> r.dst().equals("default") && "ra".equals(r.proto()));
    assertEquals(6, ra.family());
    assertEquals("::/0", ra.prefix());
    assertEquals(1568L, ra.expires());
    assertEquals(1492, ra.mtu());
    assertEquals("255", ra.options().get("hoplimit"));
    List<IpRoute> unspec = p.value().stream().filter(r -> "unspec".equals(r.table())).toList();
    assertEquals(2, unspec.size());
    assertEquals(0, unspec.get(0).tableId());
    assertEquals(-101, unspec.get(0).error());
    assertEquals(6, unspec.get(0).family());
    assertEquals(4294967295L, unspec.get(0).metric());
    assertEquals("local", only(p.value(), r -> r.dst().equals("::1")).table());
  }

  @Test
  void vrfThrowRoutesInNamedTables() {
    Parsed<List<IpRoute>> p = IpRouteParser.parse("r", rw("insights-ip_route_show_table_all-vrf-throw.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    IpRoute thr = p.value().get(0);
    assertEquals("throw", thr.type());
    assertEquals("30.142.64.0/26", thr.dst());
    assertEquals("red_mgmt", thr.table());
    assertNull(thr.tableId());
    assertEquals(2, p.value().stream().filter(r -> r.type().equals("throw")).count());
    assertEquals("bond0.300", p.value().get(3).dev());
    assertEquals("red_storage", p.value().get(3).table());
    assertEquals(1015L, only(p.value(), r -> "bond0.700".equals(r.dev())).metric());
  }

  @Test
  void canalNodeRules() {
    Parsed<List<IpRule>> v4 = IpRuleParser.parse("r", rw("hotsos-canal-k8s-node.ip_-4_rule.txt"));
    assertTrue(v4.clean());
    assertEquals(List.of(0, 32766, 32767), v4.value().stream().map(IpRule::priority).toList());
    assertEquals(List.of(255, 254, 253), v4.value().stream().map(IpRule::tableId).toList());
    assertTrue(v4.value().stream().allMatch(r -> r.from().equals("all") && r.action().equals("lookup")));
    Parsed<List<IpRule>> v6 = IpRuleParser.parse("r", rw("hotsos-canal-k8s-node.ip_-6_rule.txt"));
    assertEquals(List.of("local", "main"), v6.value().stream().map(IpRule::table).toList());
  }

  @Test
  void canalNodeNeighbours() {
    Parsed<List<IpNeighbour>> p = IpNeighParser.parse("n", rw("hotsos-canal-k8s-node.ip_-s_-s_neigh_show.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(22, p.value().size());
    IpNeighbour vtep = only(p.value(), n -> n.dst().equals("10.1.7.0"));
    assertEquals("flannel.1", vtep.dev());
    assertEquals("46:af:62:75:ec:ee", vtep.lladdr());
    assertEquals(List.of("PERMANENT"), vtep.states());
    assertEquals("273/3/1002", vtep.used());
    assertEquals(6, p.value().stream().filter(n -> n.hasState("REACHABLE")).count());
    assertEquals(14, p.value().stream().filter(n -> n.hasState("STALE")).count());
    IpNeighbour gw = only(p.value(), n -> n.dst().equals("10.6.0.1"));
    assertEquals(1, gw.ref());
    assertEquals(4, gw.probes());
    Parsed<List<IpNeighbour>> noarp = IpNeighParser.parse("n", rw("hotsos-canal-k8s-node.ip_neigh_show_nud_noarp.txt"));
    assertEquals(8, noarp.value().stream().filter(n -> n.hasState("NOARP")).count());
  }

  @Test
  void failedNeighboursWithoutLladdr() {
    Parsed<List<IpNeighbour>> p = IpNeighParser.parse("n", rw("insights-ip_-4_neigh-docker0-failed.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(8, p.value().size());
    IpNeighbour noDev = only(p.value(), n -> n.dst().equals("172.17.0.18"));
    assertNull(noDev.dev());
    assertNull(noDev.lladdr());
    assertEquals(List.of("FAILED"), noDev.states());
    IpNeighbour docker = only(p.value(), n -> n.dst().equals("172.17.0.19"));
    assertEquals("docker0", docker.dev());
    assertNull(docker.lladdr());
    assertTrue(docker.hasState("FAILED"));
    assertEquals(List.of("DELAY"), only(p.value(), n -> n.dst().equals("172.17.42.14")).states());
    Parsed<List<IpNeighbour>> v6 = IpNeighParser.parse("n", rw("insights-ip_neigh_show.txt"));
    assertTrue(only(v6.value(), n -> n.dst().equals("fe80::22a:6aff:fe65:c3c2")).router());
    assertEquals(2, v6.value().stream().filter(n -> n.hasState("INCOMPLETE") && n.lladdr() == null).count());
  }

  @Test
  void canalNodeFdb() {
    Parsed<List<BridgeFdbEntry>> p = BridgeFdbParser.parse("f", rw("hotsos-canal-k8s-node.bridge_fdb_show.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(8, p.value().size());
    BridgeFdbEntry vtep = only(p.value(), e -> e.mac().equals("46:af:62:75:ec:ee"));
    assertEquals("flannel.1", vtep.dev());
    assertEquals("10.6.1.235", vtep.dst());
    assertEquals(5L, vtep.used());
    assertEquals(1004L, vtep.updated());
    assertTrue(vtep.hasFlag("self"));
    assertEquals("permanent", vtep.state());
    assertFalse(p.value().get(0).hasFlag("master"));
  }

  @Test
  void everyRealworldFileParsesWithoutException() {
    for (String f : List.of("hotsos-canal-k8s-node.ip_-s_-d_link.txt", "insights-ip_-s_-d_link-bond-ovs-gre-geneve.txt",
        "insights-ip_-s_-d_link-ovs-vxlan_sys_4789.txt")) {
      assertFalse(IpLinkParser.parse(f, rw(f)).value().isEmpty(), f);
      assertNotNull(IpAddrParser.parse(f, rw(f)).value(), f);
    }
  }
}
