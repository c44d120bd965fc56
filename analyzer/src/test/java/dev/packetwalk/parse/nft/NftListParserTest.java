package dev.packetwalk.parse.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.netfilter.Resources;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NftListParserTest {

  private static NftRuleset real(String name) {
    return NftListParser.parse(name, Resources.read("nft/realworld/" + name));
  }

  static Stream<String> textFiles() {
    return Stream.concat(Resources.list("nft/realworld").stream().map(n -> "realworld/" + n),
        Resources.list("nft/generated").stream().filter(n -> n.endsWith(".nft")).map(n -> "generated/" + n));
  }

  @ParameterizedTest
  @MethodSource("textFiles")
  void everyRealRulesetParsesWithoutWarnings(String name) {
    NftRuleset r = NftListParser.parse(name, Resources.read("nft/" + name));
    assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    assertFalse(r.tables().isEmpty());
  }

  @Test
  void kubeProxyTransactionSyntax() {
    NftRuleset r = real("kube-proxy-test-TestOverallNFTablesRules.nft-transaction.txt");
    assertEquals(NftRuleset.Format.TRANSACTION, r.format());
    NftTable t = r.table("ip", "kube-proxy").orElseThrow();
    assertEquals("rules for kube-proxy", t.comment());
    NftChain pre = t.chain("nat-prerouting").orElseThrow();
    assertEquals("nat", pre.type());
    assertEquals("prerouting", pre.hook());
    assertEquals(-100, pre.priorityValue());
    NftSet svcIps = t.set("service-ips").orElseThrow();
    assertTrue(svcIps.map());
    assertEquals("ipv4_addr . inet_proto . inet_service", svcIps.keyType());
    assertEquals("verdict", svcIps.dataType());
    NftElement first = svcIps.elements().get(0);
    assertEquals(List.of("172.30.0.41", "tcp", "80"), first.key());
    assertEquals("goto service-ULMVA6XW-ns1/svc1/tcp/p80", first.value());
    NftElement noEp = t.set("no-endpoint-services").orElseThrow().elements().get(0);
    assertEquals("ns2/svc2:p80", noEp.comment());
    assertEquals("drop", noEp.value());

    NftRule lb = t.chain("service-LAUZTJTB-ns4/svc4/tcp/p80").orElseThrow().rules().get(1);
    assertEquals(new NftRule.Numgen("random", 2, 0), lb.numgen());
    assertEquals(2, lb.vmap().elements().size());
    assertEquals("goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80", lb.vmap().elements().get(1).value());
    NftRule dnat = t.chain("endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80").orElseThrow().rules().get(1);
    assertEquals(new NftRule.Nat("dnat", "10.180.0.1:80", List.of()), dnat.nat());
    NftRule masq = t.chain("masquerading").orElseThrow().rules().get(2);
    assertEquals(List.of("fully-random"), masq.nat().flags());
    NftRule jump = t.chain("filter-input").orElseThrow().rules().get(0);
    assertEquals(new NftRule.Verdict("jump", "nodeport-endpoints-check"), jump.verdict());
    assertEquals(List.of("new"), jump.ctStates());
    NftRule check = t.chain("cluster-ips-check").orElseThrow().rules().get(0);
    assertEquals("reject", check.verdict().kind());
    assertEquals("Reject traffic to invalid ports of ClusterIPs", check.comment());
    assertEquals(List.of("cluster-ips"), check.setReferences());
    assertEquals("service-ips", t.chain("services").orElseThrow().rules().get(0).vmap().setReference());
    NftRule mark = t.chain("mark-for-masquerade").orElseThrow().rules().get(0);
    assertNull(mark.nat(), "'jump mark-for-masquerade' elsewhere is not a masquerade statement");
  }

  @Test
  void listOutputOfTheSameRulesetAgreesWithTheTransaction() {
    NftTable fromList = NftListParser.parse("l", Resources.read(
        "nft/generated/kube-proxy-TestOverallNFTablesRules.nft-list-ruleset.nft")).table("ip", "kube-proxy")
        .orElseThrow();
    NftTable fromTx = real("kube-proxy-test-TestOverallNFTablesRules.nft-transaction.txt").table("ip", "kube-proxy")
        .orElseThrow();
    assertEquals(fromTx.chains().size(), fromList.chains().size());
    for (NftSet s : fromTx.sets()) {
      assertEquals(s.elements().stream().map(NftElement::keyText).sorted().toList(),
          fromList.set(s.name()).orElseThrow().elements().stream().map(NftElement::keyText).sorted().toList(),
          s.name());
    }
    assertEquals("dstnat", fromList.chain("nat-prerouting").orElseThrow().priority());
    assertEquals(-110, fromList.chain("filter-prerouting-pre-dnat").orElseThrow().priorityValue());
  }

  @Test
  void setsMapsCatchAllIntervalsConcatenationsAndObjects() {
    NftTable x = real("nftables-testsuite-sets-0064map_catchall_0.nft").table("ip", "x").orElseThrow();
    assertTrue(x.set("y").orElseThrow().elements().get(1).catchAll());
    assertEquals(List.of("interval"), x.set("z").orElseThrow().flags());

    NftTable ifn = real("nftables-testsuite-sets-sets_with_ifnames.nft").table("inet", "testifsets").orElseThrow();
    assertEquals(List.of("10.1.2.2", "abcdef*"), ifn.set("concat_wild").orElseThrow().elements().get(0).key());
    assertEquals(new NftRule.Counter(0, 0), ifn.chain("v4icmp").orElseThrow().rules().get(0).counter());

    NftTable ranges = real("nftables-testsuite-sets-0043concatenated_ranges_1.nft").table("ip6", "t").orElseThrow();
    assertEquals(96, ranges.set("s").orElseThrow().elements().size());

    NftTable ct = real("nftables-testsuite-maps-named_ct_objects.nft").table("inet", "t").orElseThrow();
    assertEquals(List.of("ct expectation", "ct expectation", "ct helper", "ct timeout"),
        ct.objects().stream().map(NftObject::kind).toList());
    assertTrue(ct.objects().get(3).body().contains("policy = { established : 3s, close : 1s }"));
    NftSet exp = ct.set("exp").orElseThrow();
    assertTrue(exp.typeof());
    assertEquals("ct expectation", exp.dataType());

    NftTable vt = real("nftables-testsuite-maps-vmap_timeout.nft").table("inet", "filter").orElseThrow();
    assertEquals("10s", vt.set("portmap").orElseThrow().attributes().get("gc-interval"));
    assertEquals("raw", vt.chain("prerouting").orElseThrow().priority());
    assertEquals(-300, vt.chain("prerouting").orElseThrow().priorityValue());
    assertEquals(new NftRule.Verdict("goto", "log_and_drop"), vt.chain("other_input").orElseThrow().rules().get(0)
        .verdict());

    NftTable sample = real("nftables-testsuite-nft-f-sample-ruleset.nft").table("inet", "filter").orElseThrow();
    NftRule anon = sample.chain("PREROUTING_RAW").orElseThrow().rules().get(1);
    assertEquals(new NftRule.Verdict("jump", null), anon.verdict(), "anonymous chain spanning three lines");
    assertEquals(3, sample.chain("PREROUTING_RAW").orElseThrow().rules().size());
  }

  @Test
  void unknownConstructsAndGarbageBecomeWarnings() {
    String text = """
        # Warning: table ip nat is managed by iptables-nft, do not touch!
        table ip t {
        \tfrobnicator f {
        \t}
        \tset s {
        \t\ttype ipv4_addr
        \t\twobble 3
        \t}
        \tchain c {
        \t\tfrob 1 2 3 accept
        \t}
        }
        nonsense line
        add gizmo ip t g
        table ip u {
        \tchain d {
        """;
    NftRuleset r = NftListParser.parse("crafted", text);
    assertEquals(List.of("# Warning: table ip nat is managed by iptables-nft, do not touch!"), r.notes());
    List<ParseWarning> w = r.warnings();
    assertTrue(w.stream().anyMatch(x -> x.line() == 3 && x.raw().contains("frobnicator")), w.toString());
    assertTrue(w.stream().anyMatch(x -> x.line() == 7 && x.message().contains("set declaration")));
    assertTrue(w.stream().anyMatch(x -> x.line() == 13 && x.raw().equals("nonsense line")));
    assertTrue(w.stream().anyMatch(x -> x.line() == 14 && x.message().contains("gizmo")));
    assertTrue(w.stream().anyMatch(x -> x.kind() == ParseWarning.Kind.TRUNCATED));
    NftRule unknownStatement = r.table("ip", "t").orElseThrow().chain("c").orElseThrow().rules().get(0);
    assertEquals("frob 1 2 3 accept", unknownStatement.text(), "unknown statements stay in the raw text");
    assertEquals("accept", unknownStatement.verdict().kind());
  }
}
