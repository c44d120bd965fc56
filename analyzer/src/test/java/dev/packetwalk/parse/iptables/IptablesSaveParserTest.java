package dev.packetwalk.parse.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.netfilter.Resources;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IptablesSaveParserTest {

  private static IptablesDump real(String name) {
    return IptablesSaveParser.parse(name, Resources.read("iptables/realworld/" + name));
  }

  static Stream<String> saveFiles() {
    return Resources.list("iptables/realworld").stream().filter(n -> !n.contains("-nvL"));
  }

  @ParameterizedTest
  @MethodSource("saveFiles")
  void everyRealDumpParsesAndKeepsEveryRuleLine(String name) {
    String text = Resources.read("iptables/realworld/" + name);
    IptablesDump d = IptablesSaveParser.parse(name, text);
    long ruleLines = text.lines().filter(l -> l.matches("^(\\[\\d+:\\d+\\] )?-[AI] .*")).count();
    if (!d.reflowed()) {
      assertEquals(ruleLines, d.rules().size(), "every -A line becomes a rule");
    }
    assertFalse(d.rules().isEmpty() && d.tables().isEmpty());
    assertTrue(d.warnings().stream().noneMatch(w -> w.kind() == ParseWarning.Kind.UNRECOGNIZED), d.warnings()
        .toString());
  }

  @Test
  void kubeProxyOverallRules() {
    IptablesDump d = real("kube-proxy-test-TestOverallIPTablesRules.iptables-save.txt");
    assertNull(d.version(), "restore input has no header");
    IptablesTable nat = d.table("nat").orElseThrow();
    assertEquals(5, nat.chainsStartingWith("KUBE-SVC-").size());
    assertEquals(6, nat.chainsStartingWith("KUBE-SEP-").size());

    IptablesRule dnat = nat.chain("KUBE-SEP-SXIVWICOYRO3J4NJ").orElseThrow().rules().get(1);
    assertEquals("DNAT", dnat.targetName());
    assertEquals("10.180.0.1:80", dnat.target().option("to-destination"));
    assertEquals("ns1/svc1:p80", dnat.comment());
    assertEquals(80, dnat.line());

    IptablesRule lb = nat.chain("KUBE-SVC-4SW47YFZTEDKD3PK").orElseThrow().rules().get(1);
    assertEquals("ns4/svc4:p80 -> 10.180.0.4:80", lb.comment());
    IptablesMatch stat = lb.match("statistic").orElseThrow();
    assertEquals("random", stat.option("mode"));
    assertEquals("0.5000000000", stat.option("probability"));
    assertEquals("KUBE-SEP-UKSFD7AGPMPPLUHC", lb.targetName());

    // kube-proxy order "-m tcp -p tcp -d X --dport 80 ! -s 10.0.0.0/8": dport goes to the explicit tcp module
    IptablesRule masq = nat.chain("KUBE-SVC-4SW47YFZTEDKD3PK").orElseThrow().rules().get(0);
    assertEquals("80", masq.match("tcp").orElseThrow().option("dport"));
    assertEquals(1, masq.matches("tcp").size());
    IptablesMatch src = masq.match("source").orElseThrow();
    assertTrue(src.negated());
    assertEquals("10.0.0.0/8", src.option("source"));
    assertEquals("172.30.0.44", masq.match("destination").orElseThrow().option("destination"));

    IptablesTable filter = d.table("filter").orElseThrow();
    IptablesRule fw = filter.chain("KUBE-FIREWALL").orElseThrow().rules().get(0);
    IptablesMatch ct = fw.match("conntrack").orElseThrow();
    assertEquals(List.of("RELATED,ESTABLISHED,DNAT"), ct.options().get("ctstate"));
    assertTrue(ct.negatedOptions().contains("ctstate"));
    assertEquals("REJECT", filter.chain("KUBE-SERVICES").orElseThrow().rules().get(0).targetName());
    IptablesRule affinity = nat.chain("KUBE-SEP-I77PXRDZVX7PMWMN").orElseThrow().rules().get(1);
    assertEquals(List.of(), affinity.match("recent").orElseThrow().options().get("set"));
  }

  @Test
  void partialSyncWarnsAboutUndeclaredJumpsAndKeepsDeletions() {
    IptablesDump d = real("kube-proxy-test-TestSyncProxyRulesRepeated-3-partial-delete.iptables-restore.txt");
    IptablesTable nat = d.table("nat").orElseThrow();
    assertEquals(List.of("KUBE-SEP-UHEGFW77JX3KXTOV", "KUBE-SVC-2VJB64SDSIJUP5T6"), nat.deletedChains());
    List<String> undeclared = d.warnings().stream().filter(w -> w.kind() == ParseWarning.Kind.TRUNCATED)
        .map(ParseWarning::message).toList();
    assertEquals(2, undeclared.size(), undeclared.toString());
    assertTrue(undeclared.get(0).contains("KUBE-SVC-XPGD46QRK7WJZT7O"));
    assertTrue(undeclared.get(1).contains("KUBE-SVC-X27LE4BHSL4DOUIK"));
  }

  @Test
  void azureNpmV2RealNode() {
    IptablesDump d = real("azure-npm-aks-node.iptables-save-v2.txt");
    assertEquals("1.8.4", d.version());
    assertEquals("iptables-save", d.saveTool());
    assertEquals(List.of("mangle", "nat", "filter", "security"), d.tables().stream().map(IptablesTable::name)
        .toList());
    IptablesTable nat = d.table("nat").orElseThrow();
    IptablesChain pre = nat.chain("PREROUTING").orElseThrow();
    assertEquals("ACCEPT", pre.policy());
    assertEquals(new Counters(1, 60, true), pre.counters());
    IptablesRule masq = nat.chain("KUBE-POSTROUTING").orElseThrow().rules().stream()
        .filter(r -> "MASQUERADE".equals(r.targetName())).findFirst().orElseThrow();
    assertTrue(masq.target().options().containsKey("random-fully"));
    assertEquals(List.of(), masq.target().options().get("random-fully"));
    // real iptables-save order "-p udp -m comment ... -m udp -j DNAT": no implicit udp module is invented
    IptablesRule dns = nat.chain("KUBE-SEP-5XQSQOS6AJCWJD6N").orElseThrow().rules().get(1);
    assertEquals(List.of("protocol", "comment", "udp"), dns.matches().stream().map(IptablesMatch::module).toList());
    assertEquals("10.224.0.23:53", dns.target().option("to-destination"));
    IptablesRule npm = d.table("filter").orElseThrow().chain("AZURE-NPM-EGRESS-2697641196").orElseThrow().rules()
        .get(0);
    assertEquals(2, npm.matches("set").size());
    assertEquals(List.of("azure-npm-2146053937", "dst"), npm.matches("set").get(0).options().get("match-set"));
    assertTrue(d.warnings().isEmpty(), d.warnings().toString());
  }

  @Test
  void oneLinePastedDumpIsReflowedWithAWarning() {
    IptablesDump d = real("azure-npm-aks-node.iptables-save-v1.single-line.txt");
    assertTrue(d.reflowed());
    assertEquals("1.8.4", d.version());
    assertEquals(List.of("mangle", "nat", "security", "filter"), d.tables().stream().map(IptablesTable::name)
        .toList());
    assertTrue(d.tables().stream().allMatch(IptablesTable::committed));
    assertEquals(282, d.rules().size());
    assertEquals(1, d.warnings().size(), d.warnings().toString());
    assertTrue(d.warnings().get(0).message().contains("collapsed"));
    IptablesChain pre = d.table("mangle").orElseThrow().chain("PREROUTING").orElseThrow();
    assertEquals(new Counters(108477033L, 45584700995L, true), pre.counters());
  }

  @Test
  void oldRhelDumpsWithGotoAndRejectWith() {
    IptablesDump d = real("insights-iptables-save-rhel6.txt");
    assertEquals("1.4.7", d.version());
    assertEquals(IptablesDump.Backend.LEGACY, d.backend());
    IptablesChain input = d.table("filter").orElseThrow().chain("INPUT").orElseThrow();
    assertTrue(input.rules().get(1).target().isGoto());
    assertNull(input.rules().get(3).target(), "a rule without -j only counts");
    assertEquals("icmp-host-prohibited", input.rules().get(6).target().option("reject-with"));
    // "-p tcp -m state --state NEW -m tcp --dport 22": options follow their own -m
    IptablesRule ssh = input.rules().get(5);
    assertEquals("NEW", ssh.match("state").orElseThrow().option("state"));
    assertEquals("22", ssh.match("tcp").orElseThrow().option("dport"));
    assertEquals(new Counters(769, 196899, true), d.table("filter").orElseThrow().chain("OUTPUT").orElseThrow()
        .counters());

    IptablesDump v6 = real("insights-ip6tables-save.txt");
    assertEquals("ip6tables-save", v6.saveTool());
    assertTrue(v6.table("security").isPresent());
    IptablesRule ra = v6.table("raw").orElseThrow().chain("PREROUTING").orElseThrow().rules().get(0);
    assertEquals("134", ra.match("icmp6").orElseThrow().option("icmpv6-type"));
  }

  @Test
  void grepedDocsDumpKeepsRulesOutsideTablesWithAWarning() {
    IptablesDump d = real("k8s-docs-debug-service-hostnames.iptables-save-grep.txt");
    IptablesTable none = d.table(IptablesSaveParser.NO_TABLE).orElseThrow();
    assertEquals(10, none.rules().size());
    assertEquals(1, d.warnings().size());
    IptablesRule mark = none.chain("KUBE-SEP-57KPRZ3JQVENLNBR").orElseThrow().rules().get(0);
    assertEquals("0x00004000/0x00004000", mark.target().option("set-xmark"));
    IptablesRule first = none.chain("KUBE-SVC-NWV5X2332I4OT4T3").orElseThrow().rules().get(0);
    assertEquals("0.33332999982", first.match("statistic").orElseThrow().option("probability"));
    assertEquals("default/hostnames: cluster IP",
        none.chain("KUBE-SERVICES").orElseThrow().rules().get(0).comment());
  }

  @Test
  void countersBothStylesHeaderBackendAndQuoting() {
    String text = """
        # Warning: iptables-legacy tables present, use iptables-legacy-save to see them
        # Generated by iptables-save v1.8.7 (nf_tables) on Tue Aug 16 10:18:43 2022
        *filter
        :INPUT ACCEPT [10:2000]
        :KUBE-X - [0:0]
        [7:420] -A INPUT -m comment --comment "say \\"hi\\" \\\\ there" -j KUBE-X
        -A KUBE-X -c 3 180 -s ! 10.0.0.0/8 -p tcp --dport 443 -j ACCEPT
        -A KUBE-X -m conntrack --ctstate ! INVALID -m set ! --match-set S src,dst -j RETURN
        -I KUBE-X 1 -m comment --comment 'single quoted' -j DROP
        COMMIT
        """;
    IptablesDump d = IptablesSaveParser.parse("t", text);
    assertEquals(IptablesDump.Backend.NF_TABLES, d.backend());
    assertEquals("1.8.7", d.version());
    assertTrue(d.legacyTablesPresent());
    IptablesChain input = d.table("filter").orElseThrow().chain("INPUT").orElseThrow();
    IptablesRule r = input.rules().get(0);
    assertEquals(new Counters(7, 420, true), r.counters());
    assertEquals("say \"hi\" \\ there", r.comment());
    List<IptablesRule> x = d.table("filter").orElseThrow().chain("KUBE-X").orElseThrow().rules();
    assertEquals(new Counters(3, 180, true), x.get(0).counters());
    assertTrue(x.get(0).match("source").orElseThrow().negated(), "old style -s ! addr");
    IptablesMatch implicitTcp = x.get(0).match("tcp").orElseThrow();
    assertTrue(implicitTcp.implicit(), "-p tcp --dport without -m tcp loads tcp implicitly");
    assertEquals("443", implicitTcp.option("dport"));
    assertTrue(x.get(1).match("conntrack").orElseThrow().negatedOptions().contains("ctstate"), "--opt ! value");
    assertTrue(x.get(1).match("set").orElseThrow().negatedOptions().contains("match-set"), "! --opt value");
    assertEquals('I', x.get(2).command());
    assertEquals(1, x.get(2).position());
    assertEquals("single quoted", x.get(2).comment());
    assertTrue(d.warnings().isEmpty(), d.warnings().toString());
  }

  @Test
  void unknownModulesAreKeptGenericallyAndGarbageBecomesNamedWarnings() {
    String text = """
        *mangle
        :PREROUTING ACCEPT [0:0]
        -A PREROUTING -m frobnicate --wibble 3 7 --flag -j FROB --frob-level max
        this is not iptables
        -A PREROUTING -m comment --comment "unterminated
        -A PREROUTING -p tcp stray -j ACCEPT
        COMMIT
        *nat
        -A POSTROUTING -j MASQUERADE
        """;
    IptablesDump d = IptablesSaveParser.parse("crafted", text);
    IptablesRule r = d.table("mangle").orElseThrow().chain("PREROUTING").orElseThrow().rules().get(0);
    IptablesMatch m = r.match("frobnicate").orElseThrow();
    assertEquals(List.of("3", "7"), m.options().get("wibble"));
    assertEquals(List.of(), m.options().get("flag"));
    assertEquals("FROB", r.targetName());
    assertEquals("max", r.target().option("frob-level"));
    assertFalse(r.target().isExtension());

    List<ParseWarning> w = d.warnings();
    assertNotNull(w.stream().filter(x -> x.line() == 4 && x.kind() == ParseWarning.Kind.UNRECOGNIZED
        && x.raw().equals("this is not iptables")).findFirst().orElse(null), w.toString());
    assertTrue(w.stream().anyMatch(x -> x.line() == 5 && x.kind() == ParseWarning.Kind.MALFORMED
        && x.message().contains("unterminated quote")));
    assertTrue(w.stream().anyMatch(x -> x.line() == 6 && x.message().contains("stray")));
    assertTrue(w.stream().anyMatch(x -> x.line() == 3 && x.message().contains("FROB")), "unknown target → "
        + "treated as an undeclared chain and reported");
    assertTrue(w.stream().anyMatch(x -> x.kind() == ParseWarning.Kind.TRUNCATED && x.message().contains("no COMMIT")));
    assertEquals(3, d.rules().size());
  }
}
