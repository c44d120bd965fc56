package dev.packetwalk.parse.iproute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text and JSON output of the same real kernel (captured by realkernel/make.sh) must give the same facts. The same
 * checks run on the committed capture and, when this machine allows network namespaces, on a fresh one.
 */
class IprouteRealKernelTest {

  @Test
  void committedCaptureTextAndJsonAgree() {
    check(name -> Fixtures.read("realkernel/" + name));
  }

  @Test
  void committedCaptureHasTheScratchWorld() {
    Parsed<List<IpLink>> links = IpLinkParser.parse("l", Fixtures.read("realkernel/ip-s-d-link.txt"));
    assertTrue(links.clean(), links.warnings().toString());
    IpLink veth = links.value().stream().filter(l -> l.name().equals("vethpod1")).findFirst().orElseThrow();
    assertEquals("veth", veth.kind());
    assertEquals("cni0", veth.master());
    assertEquals(2, veth.peerIfindex());
    assertEquals("pw-pod", veth.linkNetns());
    assertEquals(Boolean.TRUE, veth.slaveInfo().hairpin());
    assertEquals("forwarding", veth.slaveInfo().state());
    IpLink two = links.value().stream().filter(l -> l.name().equals("vethpod2")).findFirst().orElseThrow();
    assertEquals("pod two", two.alias());
    assertEquals("vethpod2p", two.linkSuffix());
    assertEquals(Boolean.FALSE, two.slaveInfo().hairpin());
    IpLink tun = links.value().stream().filter(l -> l.name().equals("tun0")).findFirst().orElseThrow();
    assertEquals("tun", tun.info().option("type"));

    List<IpRoute> routes = IpRouteParser.parse("r", Fixtures.read("realkernel/ip-route-table-all.txt")).value();
    IpRoute ecmp = routes.stream().filter(r -> r.dst().equals("10.50.0.0/16")).findFirst().orElseThrow();
    assertEquals(List.of(new IpRoute.Nexthop("192.168.50.1", "eth0", 1, List.of()),
        new IpRoute.Nexthop("192.168.60.1", "eth1", 2, List.of())), ecmp.nexthops());
    IpRoute locked = routes.stream().filter(r -> r.dst().equals("10.60.0.0/16")).findFirst().orElseThrow();
    assertTrue(locked.mtuLock());
    assertEquals(1400, locked.mtu());
    assertEquals("blackhole", routes.stream().filter(r -> r.dst().equals("10.244.1.192/26")).findFirst()
        .orElseThrow().type());

    Parsed<List<IpNeighbour>> stats = IpNeighParser.parse("n", Fixtures.read("realkernel/ip-s-s-neigh.txt"));
    assertTrue(stats.clean(), stats.warnings().toString());
    IpNeighbour failed = stats.value().stream().filter(n -> n.hasState("FAILED")).findFirst().orElseThrow();
    assertEquals("192.168.50.4", failed.dst());
    assertEquals(null, failed.lladdr());
    assertEquals(6, failed.probes()); // printed glued: "used 4/64/1probes 6"

    Parsed<List<BridgePort>> ports = BridgeLinkParser.parse("b", Fixtures.read("realkernel/bridge-d-link.txt"));
    assertTrue(ports.clean(), ports.warnings().toString());
    assertEquals(List.of(Boolean.TRUE, Boolean.FALSE), ports.value().stream().map(BridgePort::hairpin).toList());
    assertEquals("cni0", ports.value().get(0).master());
    assertEquals("forwarding", ports.value().get(0).state());
    assertEquals("32", ports.value().get(0).options().get("priority"));
  }

  /** Re-runs make.sh in fresh namespaces; skipped (visibly) when not root or netns is unavailable. */
  @Test
  void liveCaptureTextAndJsonAgree(@TempDir Path dir) throws Exception {
    MakeScript.run("realkernel", dir);
    check(name -> {
      try {
        return Files.readString(dir.resolve(name));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static void check(Function<String, String> read) {
    Parsed<List<IpLink>> lt = IpLinkParser.parse("t", read.apply("ip-s-d-link.txt"));
    Parsed<List<IpLink>> lj = IpLinkJsonParser.parse("j", read.apply("ip-s-d-link.json"));
    assertTrue(lt.clean(), lt.warnings().toString());
    assertTrue(lj.clean(), lj.warnings().toString());
    assertEquals(lt.value().size(), lj.value().size());
    for (int i = 0; i < lt.value().size(); i++) {
      IpLink t = lt.value().get(i);
      IpLink j = lj.value().get(i);
      String who = t.name();
      assertEquals(t.ifindex(), j.ifindex(), who);
      assertEquals(t.name(), j.name(), who);
      assertEquals(t.linkSuffix(), j.linkSuffix(), who);
      assertEquals(t.peerIfindex(), j.peerIfindex(), who);
      assertEquals(t.flags(), j.flags(), who);
      assertEquals(t.mtu(), j.mtu(), who);
      assertEquals(t.master(), j.master(), who);
      assertEquals(t.state(), j.state(), who);
      assertEquals(t.qlen(), j.qlen(), who);
      assertEquals(t.linkType(), j.linkType(), who);
      assertEquals(t.address(), j.address(), who);
      assertEquals(t.alias(), j.alias(), who);
      assertEquals(t.kind(), j.kind(), who);
      assertEquals(t.attributes().get("minmtu"), j.attributes().get("minmtu"), who);
      assertEquals(t.attributes().get("numtxqueues"), j.attributes().get("numtxqueues"), who);
      if (t.info() != null) {
        assertEquals(t.info().id(), j.info().id(), who);
        assertEquals(t.info().local(), j.info().local(), who);
        assertEquals(t.info().dev(), j.info().dev(), who);
        assertEquals(t.info().dstport(), j.info().dstport(), who);
        assertEquals(t.info().option("srcport"), j.info().option("srcport"), who);
        assertEquals(t.info().learning(), j.info().learning(), who);
        assertEquals(t.info().option("mode"), j.info().option("mode"), who);
      }
      assertEquals(t.slaveInfo() == null, j.slaveInfo() == null, who);
      if (t.slaveInfo() != null) {
        assertEquals(t.slaveInfo().kind(), j.slaveInfo().kind(), who);
        assertEquals(t.slaveInfo().hairpin(), j.slaveInfo().hairpin(), who);
        assertEquals(t.slaveInfo().learning(), j.slaveInfo().learning(), who);
        assertEquals(t.slaveInfo().state(), j.slaveInfo().state(), who);
      }
      // counters move between the two captures (they are seconds apart), so only their presence is compared
      assertEquals(t.stats().rx().keySet().containsAll(List.of("bytes", "packets", "dropped")),
          j.stats().rx().keySet().containsAll(List.of("bytes", "packets", "dropped")), who);
    }

    List<IpAddrInterface> at = IpAddrParser.parse("t", read.apply("ip-d-addr.txt")).value();
    Parsed<List<IpAddrInterface>> aj = IpAddrJsonParser.parse("j", read.apply("ip-d-addr.json"));
    assertTrue(aj.clean(), aj.warnings().toString());
    assertEquals(at.size(), aj.value().size());
    for (int i = 0; i < at.size(); i++) {
      List<IpAddress> x = at.get(i).addresses();
      List<IpAddress> y = aj.value().get(i).addresses();
      assertEquals(x.size(), y.size(), at.get(i).name());
      for (int k = 0; k < x.size(); k++) {
        assertEquals(x.get(k).cidr(), y.get(k).cidr());
        assertEquals(x.get(k).broadcast(), y.get(k).broadcast());
        assertEquals(x.get(k).scope(), y.get(k).scope());
        assertEquals(x.get(k).label(), y.get(k).label());
        assertEquals(new HashSet<>(x.get(k).flags()), new HashSet<>(y.get(k).flags()));
        assertEquals(x.get(k).validLft(), y.get(k).validLft());
      }
    }
    // the v4 JSON is not needed: the table-all JSON holds both families, like the text
    Parsed<List<IpRoute>> rt = IpRouteParser.parse("t", read.apply("ip-route-table-all.txt"));
    Parsed<List<IpRoute>> rj = IpRouteJsonParser.parse("j", read.apply("ip-route-table-all.json"));
    assertTrue(rt.clean(), rt.warnings().toString());
    assertTrue(rj.clean(), rj.warnings().toString());
    assertEquals(rt.value().size(), rj.value().size());
    for (int i = 0; i < rt.value().size(); i++) {
      IpRoute t = rt.value().get(i);
      IpRoute j = rj.value().get(i);
      assertEquals(List.of(t.type(), t.prefix(), t.family(), t.table(), String.valueOf(t.via()),
              String.valueOf(t.dev()), String.valueOf(t.proto()), String.valueOf(t.scope()), String.valueOf(t.src()),
              String.valueOf(t.metric()), t.flags(), String.valueOf(t.pref()), String.valueOf(t.mtu()), t.nexthops()),
          List.of(j.type(), j.prefix(), j.family(), j.table(), String.valueOf(j.via()),
              String.valueOf(j.dev()), String.valueOf(j.proto()), String.valueOf(j.scope()), String.valueOf(j.src()),
              String.valueOf(j.metric()), j.flags(), String.valueOf(j.pref()), String.valueOf(j.mtu()), j.nexthops()),
          t.raw());
    }
    List<IpRule> ut = IpRuleParser.parse("t", read.apply("ip-rule.txt")).value();
    List<IpRule> uj = IpRuleJsonParser.parse("j", read.apply("ip-rule.json")).value();
    assertEquals(ut.size(), uj.size());
    for (int i = 0; i < ut.size(); i++) {
      IpRule t = ut.get(i);
      IpRule j = uj.get(i);
      assertEquals(List.of(t.priority(), t.not(), t.from(), String.valueOf(t.to()), String.valueOf(t.fwmark()),
              String.valueOf(t.fwmask()), String.valueOf(t.iif()), t.action(), String.valueOf(t.table()),
              String.valueOf(t.suppressPrefixLength())),
          List.of(j.priority(), j.not(), j.from(), String.valueOf(j.to()), String.valueOf(j.fwmark()),
              String.valueOf(j.fwmask()), String.valueOf(j.iif()), j.action(), String.valueOf(j.table()),
              String.valueOf(j.suppressPrefixLength())), t.raw());
    }
    List<IpNeighbour> nt = IpNeighParser.parse("t", read.apply("ip-neigh.txt")).value();
    List<IpNeighbour> nj = IpNeighJsonParser.parse("j", read.apply("ip-neigh.json")).value();
    assertEquals(nt.stream().map(n -> List.of(n.dst(), n.dev(), String.valueOf(n.lladdr()), n.router(), n.states()))
            .toList(),
        nj.stream().map(n -> List.of(n.dst(), n.dev(), String.valueOf(n.lladdr()), n.router(), n.states())).toList());
    assertTrue(nt.stream().anyMatch(n -> n.hasState("FAILED") && n.lladdr() == null));
    assertTrue(nt.stream().anyMatch(n -> n.hasState("PERMANENT") && "flannel.1".equals(n.dev())));
    Parsed<List<BridgeFdbEntry>> fdb = BridgeFdbParser.parse("f", read.apply("bridge-fdb.txt"));
    assertTrue(fdb.clean(), fdb.warnings().toString());
    assertTrue(fdb.value().stream().anyMatch(e -> "192.168.50.20".equals(e.dst()) && "flannel.1".equals(e.dev())));
    assertTrue(fdb.value().stream().anyMatch(e -> "cni0".equals(e.master()) && e.state().equals("dynamic")));
    assertEquals(List.of(), IpRuleParser.parse("t6", read.apply("ip-6-rule.txt")).warnings(ParseWarning.Kind.UNRECOGNIZED));
  }
}
