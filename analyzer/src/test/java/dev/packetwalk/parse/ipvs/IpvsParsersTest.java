package dev.packetwalk.parse.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.netfilter.Resources;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IpvsParsersTest {

  private static IpvsTable real(String name) {
    return IpvsadmListParser.parse(name, Resources.read("ipvs/realworld/" + name));
  }

  static Stream<String> listFiles() {
    return Resources.list("ipvs/realworld").stream().filter(n -> !n.contains("ip_vs_stats"));
  }

  @ParameterizedTest
  @MethodSource("listFiles")
  void everyRealListingParses(String name) {
    IpvsTable t = real(name);
    long serviceLines = Resources.read("ipvs/realworld/" + name).lines()
        .filter(l -> l.matches("(TCP|UDP|SCTP|FWM) .*")).count();
    assertEquals(serviceLines, t.services().size());
    assertTrue(t.warnings().stream().allMatch(w -> w.kind() == ParseWarning.Kind.TRUNCATED), t.warnings()
        .toString());
  }

  @Test
  void kubeProxyReadmePersistenceAndRealServers() {
    IpvsTable t = real("k8s-ipvs-README-ipvsadm-ln.txt");
    assertEquals("1.2.1", t.version());
    assertEquals(4096, t.connTableSize());
    IpvsTable.VirtualService api = t.service("TCP", "10.0.0.1", 443).orElseThrow();
    assertEquals("rr", api.scheduler());
    assertEquals(10800, api.persistentSeconds());
    IpvsTable.RealServer r = api.realServers().get(0);
    assertEquals(new IpvsTable.RealServer("192.168.0.1", 6443, "Masq", 1, 1, 0, null, 5), r);
    assertEquals(1, t.service("UDP", "10.0.0.10", 53).orElseThrow().realServers().size());
  }

  @Test
  void kubeRouterMaskNoRealServersElisionAndLoadBalancer() {
    IpvsTable kr = real("kube-router-docs-ipvsadm-Ln.txt");
    assertEquals("0.0.0.0", kr.service("TCP", "10.3.0.1", 443).orElseThrow().persistenceMask());
    assertEquals(45, kr.service("TCP", "10.3.0.15", 2379).orElseThrow().realServers().get(0).activeConn());
    assertEquals(5, kr.services().size());

    IpvsTable none = real("kep265-ipvsadm-ln-persistent-no-dest.txt");
    assertEquals(List.of(), none.services().get(0).realServers());
    assertEquals(10800, none.services().get(0).persistentSeconds());

    IpvsTable elided = real("k8s-docs-debug-service-ipvsadm-ln-elided.txt");
    assertNull(elided.version(), "no header in the docs paste");
    assertEquals(3, elided.service("TCP", "10.0.1.175", 80).orElseThrow().realServers().size());
    assertEquals(2, elided.warnings().size());
    assertEquals(3, elided.warnings().get(0).line());

    IpvsTable lb = real("kep265-ipvsadm-ln-loadbalancer.txt");
    assertEquals(List.of("10.102.128.4", "10.96.1.2", "10.96.1.3"), lb.services().stream()
        .map(IpvsTable.VirtualService::address).toList());
    assertEquals(List.of(), lb.services().get(1).flags(), "trailing spaces are not flags");

    IpvsTable proc = real("hotsos-canal-k8s-node.proc_net_ip_vs.txt");
    assertEquals(0, proc.services().size());
    assertEquals("1.2.1", proc.version());
  }

  @Test
  void procNetIpVsHexIpv6FwmAndStats() {
    String proc = """
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port Forward Weight ActiveConn InActConn
        TCP  0A600001:01BB rr persistent 10800
          -> AC110002:192B      Masq    1      2          3
        TCP  [FD00:0000:0000:0000:0000:0000:0000:0001]:0050 rr
        FWM  00000007 wrr
        """;
    IpvsTable t = IpvsadmListParser.parse(IpvsadmListParser.PATH_PROC, proc);
    assertTrue(t.warnings().isEmpty(), t.warnings().toString());
    IpvsTable.VirtualService s = t.service("TCP", "10.96.0.1", 443).orElseThrow();
    assertEquals("172.17.0.2", s.realServers().get(0).address());
    assertEquals(6443, s.realServers().get(0).port());
    assertEquals("fd00:0:0:0:0:0:0:1", t.services().get(1).address());
    assertEquals(7, t.services().get(2).fwmark());

    String stats = """
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
          -> RemoteAddress:Port
        TCP  [fd00::1]:443                    12K    1234M        0    5G        0
          -> [fd00::2]:6443                     5       30        0     1800        0
        """;
    IpvsTable st = IpvsadmListParser.parse(IpvsadmListParser.PATH_STATS, stats);
    IpvsTable.VirtualService v6 = st.service("TCP", "fd00::1", 443).orElseThrow();
    assertEquals(new IpvsTable.Stats(12_000, 1_234_000_000L, 0, 5_000_000_000L, 0), v6.stats());
    assertEquals(new IpvsTable.Stats(5, 30, 0, 1800, 0), v6.realServers().get(0).stats());
    assertEquals(-1, v6.realServers().get(0).weight());
  }

  @Test
  void saveFormatAndProcStats() {
    String save = """
        -A -t 10.0.0.1:443 -s rr -p 10800
        -a -t 10.0.0.1:443 -r 192.168.0.1:6443 -m -w 1
        -A -u 10.0.0.10:53 -s rr
        -a -u 10.0.0.10:53 -r 172.17.0.2:53 -m -w 0
        -a -t 10.9.9.9:1 -r 1.1.1.1:1 -m
        bogus
        """;
    IpvsTable t = IpvsadmSaveParser.parse(IpvsadmSaveParser.PATH, save);
    IpvsTable.VirtualService s = t.service("TCP", "10.0.0.1", 443).orElseThrow();
    assertEquals(10800, s.persistentSeconds());
    assertEquals("Masq", s.realServers().get(0).forward());
    assertEquals(0, t.service("UDP", "10.0.0.10", 53).orElseThrow().realServers().get(0).weight());
    assertEquals(2, t.warnings().size(), t.warnings().toString());

    ProcIpvsStatsParser.IpvsGlobalStats g = ProcIpvsStatsParser.parse("s",
        Resources.read("ipvs/realworld/hotsos-canal-k8s-node.proc_net_ip_vs_stats.txt"));
    assertEquals(new IpvsTable.Stats(0, 0, 0, 0, 0), g.totals());
    assertTrue(g.warnings().isEmpty());
    ProcIpvsStatsParser.IpvsGlobalStats hex = ProcIpvsStatsParser.parse("h", """
           Total Incoming Outgoing         Incoming         Outgoing
           Conns  Packets  Packets            Bytes            Bytes
              1F       A0        0             2EE0                0
        """);
    assertEquals(new IpvsTable.Stats(31, 160, 0, 12000, 0), hex.totals());
    assertEquals(1, hex.warnings().size(), "rates row missing");
  }
}
