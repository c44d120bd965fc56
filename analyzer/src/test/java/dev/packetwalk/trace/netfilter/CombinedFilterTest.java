package dev.packetwalk.trace.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.parse.netfilter.Resources;
import dev.packetwalk.parse.nft.NftListParser;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-node filter: iptables tables and native nft base chains by priority, iptables-nft's tables walked once. */
class CombinedFilterTest {

  /** A real node (iptables-nft backend): its nft-ruleset.txt holds iptables-nft's "ip nat" and "ip filter". */
  static final NodeDataplane NODE = Fixtures.analyze(List.of(), NodeFixtures.realNode()).nodes().get("node1")
      .orElseThrow();
  static final String RULESET = "nodes/node1/netfilter/nft-ruleset.txt";

  static FilterInput output(String dst, int port) {
    Packet p = new Packet(Proto.TCP, "10.0.2.15", 40000, dst, port, 0, 60, false);
    return new FilterInput(Hook.OUTPUT, p, CtState.NEW, "", "eth0", "", "", false, 0);
  }

  /** An iptables stand-in that accepts and leaves a step naming itself. */
  static PacketFilter acceptingIptables(String name) {
    return in -> List.of(new FilterOutcome(1.0, List.of(), in.packet(), in.dnatted(), in.ctmark(),
        List.of(new Step.ChainEvaluation(name, in.hook().chain(), 1, "ACCEPT", "", SourceRef.NONE)), Fate.ACCEPT,
        null, "", null));
  }

  @Test
  void iptablesNftTablesAreWalkedByNftWhenAlone() {
    NftFilter nft = NftFilter.of(NODE, HostView.of(NODE));
    assertEquals(RULESET, nft.file());
    List<FilterOutcome> out = nft.run(output("10.244.1.77", 80));
    assertEquals(1, out.size());
    FilterOutcome o = out.get(0);
    assertEquals(Fate.DROP, o.fate());
    assertEquals(Disposition.DENIED_OUT, o.disposition());
    assertEquals(NodeFixtures.line(RULESET, "ip daddr 10.244.1.77"), o.evidence().line());
    assertEquals(RULESET, o.evidence().file());
  }

  @Test
  void iptablesNftTablesAreSkippedWhenIptablesIsWalked() {
    NftFilter nft = NftFilter.of(NODE, HostView.of(NODE));
    CombinedFilter both = new CombinedFilter(acceptingIptables("iptables"), nft);
    assertTrue(both.nft().tables().isEmpty(), "ip nat and ip filter are iptables-nft's");
    List<FilterOutcome> out = both.run(output("10.244.1.77", 80));
    assertEquals(1, out.size());
    assertEquals(Fate.ACCEPT, out.get(0).fate());
    assertEquals(1, out.get(0).steps().size());
    // without iptables evidence the same tables are native and stay
    assertEquals(2, new CombinedFilter(PacketFilter.NONE, nft).nft().tables().size());
  }

  @Test
  void iptablesNftStatisticIsUnknownNotGuessed() {
    List<FilterOutcome> out = NftFilter.of(NODE, HostView.of(NODE)).run(output("10.96.0.20", 80));
    assertEquals(1, out.size());
    assertEquals(Fate.UNKNOWN, out.get(0).fate());
    assertEquals(Disposition.INSUFFICIENT_INFO, out.get(0).disposition());
    assertEquals(NodeFixtures.line(RULESET, "meta random"), out.get(0).evidence().line());
    assertTrue(out.get(0).reason().contains("meta random"), out.get(0).reason());
  }

  static NftFilter kubeProxy() {
    String r = "nft/generated/kube-proxy-TestOverallNFTablesRules.nft-list-ruleset.nft";
    return new NftFilter(r, NftListParser.parse(r, Resources.read(r)).tables(),
        new HostView(Set.of("192.168.0.2"), Map.of("eth0", List.of("192.168.0.2")), List.of(), true));
  }

  @Test
  void tablesInterleaveByPriority() {
    List<String> order = new ArrayList<>();
    CombinedFilter f = new CombinedFilter(t -> in -> {
      order.add("iptables " + t);
      return acceptingIptables(t).run(in);
    }, kubeProxy(), true);
    Packet p = new Packet(Proto.TCP, "10.0.0.2", 40000, "172.30.0.41", 80, 0, 60, false);
    List<FilterOutcome> out = f.run(new FilterInput(Hook.PREROUTING, p, CtState.NEW, "cni0", "", "", "", false, 0));
    assertEquals(List.of("iptables raw", "iptables mangle", "iptables nat"), order);
    List<String> tables = out.get(0).steps().stream().filter(s -> s instanceof Step.ChainEvaluation)
        .map(s -> ((Step.ChainEvaluation) s).table() + "/" + ((Step.ChainEvaluation) s).chain()).distinct().toList();
    // raw -300, mangle -150, kube-proxy's filter chain at -110, iptables nat -100, kube-proxy's nat chain -100
    assertEquals(List.of("raw/PREROUTING", "mangle/PREROUTING", "ip kube-proxy/filter-prerouting-pre-dnat",
        "nat/PREROUTING", "ip kube-proxy/nat-prerouting"), tables.subList(0, 5));
    assertEquals("10.180.0.1", out.get(0).packet().dst());
  }

  @Test
  void anEarlierDnatSkipsLaterNatChainsAndAcceptDoesNotStopFiltering() {
    PacketFilter dnat = in -> List.of(new FilterOutcome(1.0, List.of(), in.packet().withDst("10.9.9.9", 8080), true,
        in.ctmark(), List.of(), Fate.ACCEPT, null, "", null));
    CombinedFilter f = new CombinedFilter(t -> t.equals("nat") ? dnat : null, kubeProxy(), true);
    Packet p = new Packet(Proto.TCP, "10.0.0.2", 40000, "172.30.0.41", 80, 0, 60, false);
    FilterOutcome o = f.run(new FilterInput(Hook.PREROUTING, p, CtState.NEW, "cni0", "", "", "", false, 0)).get(0);
    assertEquals("10.9.9.9", o.packet().dst());
    assertFalse(o.steps().stream().anyMatch(s -> s.text().contains("nat-prerouting")));
    // FORWARD: iptables filter accepts, kube-proxy's filter-forward still rejects the unused ClusterIP port
    CombinedFilter g = new CombinedFilter(t -> acceptingIptables(t), kubeProxy(), true);
    Packet q = new Packet(Proto.TCP, "10.0.0.2", 40000, "172.30.0.41", 443, 0, 60, false);
    List<FilterOutcome> out = g.run(new FilterInput(Hook.FORWARD, q, CtState.NEW, "cni0", "eth0", "", "", false, 0));
    assertEquals(Fate.REJECT, out.get(0).fate());
    List<String> tables = out.get(0).steps().stream().map(s -> ((Step.ChainEvaluation) s).table()).distinct().toList();
    assertEquals(List.of("mangle", "filter", "ip kube-proxy"), tables); // security (50) never sees it
    Step.ChainEvaluation last = (Step.ChainEvaluation) out.get(0).steps().get(out.get(0).steps().size() - 1);
    assertEquals("cluster-ips-check", last.chain());
    assertEquals("REJECT", last.action());
  }

  @Test
  void outcomesFanOutAcrossStages() {
    PacketFilter coin = in -> List.of(
        new FilterOutcome(0.5, List.of("heads"), in.packet(), in.dnatted(), in.ctmark(), List.of(), Fate.ACCEPT,
            null, "", null),
        new FilterOutcome(0.5, List.of("tails"), in.packet(), in.dnatted(), in.ctmark(), List.of(), Fate.ACCEPT,
            null, "", null));
    CombinedFilter f = new CombinedFilter(t -> t.equals("raw") ? coin : null, kubeProxy(), true);
    Packet p = new Packet(Proto.TCP, "10.0.0.2", 40000, "172.30.0.44", 80, 0, 60, false);
    List<FilterOutcome> out = f.run(new FilterInput(Hook.PREROUTING, p, CtState.NEW, "cni0", "", "", "", false, 0));
    assertEquals(4, out.size());
    out.forEach(o -> assertEquals(0.25, o.probability(), 1e-12));
    assertEquals(List.of("heads", "endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 (1/2)"), out.get(0).choices());
    assertEquals(List.of("tails", "endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 (1/2)"), out.get(3).choices());
  }
}
