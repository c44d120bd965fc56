package dev.packetwalk.trace.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.model.node.IpvsService;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.parse.netfilter.Resources;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** IPVS scheduling over real {@code ipvsadm -Ln} outputs, read through the parser and the node model builder. */
class IpvsSchedulerTest {

  static final String FILE = "nodes/n1/ipvs/ipvsadm-Ln.txt";

  /** The node model's IPVS services for one ipvsadm listing, as the analyzer builds them. */
  static List<IpvsService> services(String text) {
    NodeDataplane n = Fixtures.analyze(List.of(), Map.of(FILE, text)).nodes().get("n1").orElseThrow();
    return n.ipvs();
  }

  static List<IpvsService> realworld(String name) {
    return services(Resources.read("ipvs/realworld/" + name));
  }

  static Packet tcp(String dst, int port) {
    return new Packet(Proto.TCP, "10.244.1.9", 40000, dst, port, 0, 60, false);
  }

  @Test
  void threeEndpointsAreThirdsCitingTheirLines() {
    IpvsScheduler s = new IpvsScheduler(realworld("k8s-docs-debug-service-ipvsadm-ln-elided.txt"));
    List<IpvsScheduler.Pick> picks = s.schedule(tcp("10.0.1.175", 80)).orElseThrow();
    assertEquals(List.of("10.244.0.5", "10.244.0.6", "10.244.0.7"),
        picks.stream().map(p -> p.server().address()).toList());
    picks.forEach(p -> assertEquals(1 / 3.0, p.probability(), 1e-12));
    Step.IpvsScheduling step = (Step.IpvsScheduling) picks.get(1).step();
    assertEquals(FILE, step.evidence().file());
    assertEquals(6, step.evidence().line()); // "  -> 10.244.0.6:9376 ..." is the file's 6th line
    assertTrue(step.virtualServer().startsWith("TCP 10.0.1.175:80 (" + FILE + ":4)"), step.virtualServer());
    assertEquals(9376, picks.get(0).server().port());
  }

  @Test
  void protocolAndPortMustMatch() {
    IpvsScheduler s = new IpvsScheduler(realworld("k8s-ipvs-README-ipvsadm-ln.txt"));
    assertEquals(1, s.schedule(tcp("10.0.0.10", 53)).orElseThrow().size());
    Packet udp = new Packet(Proto.UDP, "10.244.1.9", 40000, "10.0.0.10", 53, 0, 60, false);
    assertEquals("172.17.0.2", s.schedule(udp).orElseThrow().get(0).server().address());
    assertEquals(Optional.empty(), s.schedule(tcp("10.0.0.10", 54)));
    assertEquals(Optional.empty(), s.schedule(tcp("10.0.0.11", 53)));
    Packet icmp = new Packet(Proto.ICMP, "10.244.1.9", 0, "10.0.0.10", 0, 0, 60, false);
    assertEquals(Optional.empty(), s.schedule(icmp));
  }

  @Test
  void persistentServiceWithoutRealServersHasNowhereToGo() {
    IpvsScheduler s = new IpvsScheduler(realworld("kep265-ipvsadm-ln-persistent-no-dest.txt"));
    assertEquals(Optional.of(List.of()), s.schedule(tcp("10.102.128.4", 3080)));
  }

  @Test
  void persistenceIsNamedInTheStep() {
    IpvsScheduler s = new IpvsScheduler(realworld("kube-router-docs-ipvsadm-Ln.txt"));
    IpvsScheduler.Pick p = s.schedule(tcp("10.3.0.1", 443)).orElseThrow().get(0);
    assertEquals(1.0, p.probability());
    assertEquals("rr persistent 10800", ((Step.IpvsScheduling) p.step()).scheduler());
  }

  @Test
  void weightsGiveSharesAndWeightZeroIsQuiesced() {
    // weights as kube-proxy leaves them while an endpoint terminates (0) next to a wrr split
    String text = """
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
        TCP  10.96.0.20:80 wrr
          -> 10.244.1.5:8080              Masq    3      0          0
          -> 10.244.2.6:8080              Masq    1      0          0
          -> 10.244.3.7:8080              Masq    0      4          0
        TCP  [fd00:96::20]:80 rr
          -> [fd00:244::5]:8080           Masq    0      0          0
        """;
    IpvsScheduler s = new IpvsScheduler(services(text));
    List<IpvsScheduler.Pick> picks = s.schedule(tcp("10.96.0.20", 80)).orElseThrow();
    assertEquals(2, picks.size());
    assertEquals(0.75, picks.get(0).probability(), 1e-12);
    assertEquals(0.25, picks.get(1).probability(), 1e-12);
    assertEquals(Optional.of(List.of()), s.schedule(tcp("fd00:96:0:0::20", 80)));
  }
}
