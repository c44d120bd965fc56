package dev.packetwalk.parse.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.netfilter.Resources;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IptablesListParserTest {

  private static IptablesListing real(String name) {
    return IptablesListParser.parse(name, Resources.read("iptables/realworld/" + name));
  }

  static Stream<String> listFiles() {
    return Resources.list("iptables/realworld").stream().filter(n -> n.contains("-nvL"));
  }

  @ParameterizedTest
  @MethodSource("listFiles")
  void everyRealListingParsesEveryRow(String name) {
    String text = Resources.read("iptables/realworld/" + name);
    IptablesListing l = IptablesListParser.parse(name, text);
    long rows = text.lines().filter(x -> !x.isBlank() && !x.startsWith("Chain ") && !x.contains("pkts bytes"))
        .count();
    assertEquals(rows, l.chains().stream().mapToLong(c -> c.rows().size()).sum());
    assertTrue(l.warnings().isEmpty(), l.warnings().toString());
    assertFalse(l.chains().isEmpty());
  }

  @Test
  void filterTableCountersSuffixesAndPolicies() {
    IptablesListing l = real("hotsos-canal-k8s-node.iptables_-t_filter_-nvL.txt");
    assertEquals("filter", l.table());
    IptablesListing.Chain input = l.chain("INPUT").orElseThrow();
    assertEquals("ACCEPT", input.policy());
    assertEquals(new Counters(35398, 11_000_000, false), input.policyCounters());
    IptablesListing.Row first = input.rows().get(0);
    assertEquals(new Counters(97531, 38_000_000, false), first.counters());
    assertEquals("KUBE-NODEPORTS", first.target());
    assertEquals("kubernetes health check service ports", first.detail("comment"));
    assertEquals("NEW", input.rows().get(1).detail("ctstate"));
    IptablesListing.Chain fwd = l.chain("KUBE-FORWARD").orElseThrow();
    assertEquals(1, fwd.references());
    assertNull(fwd.policy());
    assertEquals("0x4000/0x4000", fwd.rows().get(1).detail("mark match"));
    assertEquals("10.1.0.0/16", l.chain("FORWARD").orElseThrow().rows().get(3).source());
  }

  @Test
  void natTableNegatedAddressesDnatAndIp6BlankOpt() {
    IptablesListing nat = real("hotsos-canal-k8s-node.iptables_-t_nat_-nvL.txt");
    assertEquals("nat", nat.table());
    IptablesListing.Row masq = nat.chain("POSTROUTING").orElseThrow().rows().get(2);
    assertEquals("MASQUERADE", masq.target());
    assertEquals("!224.0.0.0/4", masq.destination());
    assertEquals("random-fully", masq.tail());
    assertEquals("! 0x4000/0x4000", nat.chain("KUBE-POSTROUTING").orElseThrow().rows().get(0).detail("mark match"));
    assertTrue(nat.chains().stream().flatMap(c -> c.rows().stream()).anyMatch(r -> r.target().equals("DNAT")
        && r.detail("to") != null && r.detail("to").matches("[0-9.]+:\\d+")));

    IptablesListing v6 = real("hotsos-canal-k8s-node.ip6tables_-t_nat_-nvL.txt");
    IptablesListing.Row svc = v6.chain("OUTPUT").orElseThrow().rows().get(0);
    assertEquals("", svc.opt());
    assertEquals("all", svc.prot());
    assertEquals("::/0", svc.source());
    assertEquals(new Counters(4, 320, true), svc.counters());
    assertEquals("LOCAL", v6.chain("KUBE-SERVICES").orElseThrow().rows().get(0).detail("dst-type"));
  }

  @Test
  void rowWithoutTargetExplicitTableAndGarbage() {
    String text = """
        Chain INPUT (policy DROP 1G packets, 2T bytes)
         pkts bytes target     prot opt in     out     source               destination
            5   300            tcp  --  eth0   *       10.0.0.0/8           0.0.0.0/0            tcp dpt:22 /* count dpt:99 */
        garbage here
        """;
    IptablesListing l = IptablesListParser.parse("x.txt", text, "raw");
    assertEquals("raw", l.table());
    IptablesListing.Row r = l.chain("INPUT").orElseThrow().rows().get(0);
    assertEquals("", r.target());
    assertEquals("tcp", r.prot());
    assertEquals("eth0", r.in());
    assertEquals("22", r.detail("dpt"), "dpt inside the comment is not taken");
    assertEquals(new Counters(1_000_000_000L, 2_000_000_000_000L, false), l.chain("INPUT").orElseThrow()
        .policyCounters());
    assertEquals(1, l.warnings().size());
    assertEquals(ParseWarning.Kind.UNRECOGNIZED, l.warnings().get(0).kind());
    assertEquals(4, l.warnings().get(0).line());
  }
}
