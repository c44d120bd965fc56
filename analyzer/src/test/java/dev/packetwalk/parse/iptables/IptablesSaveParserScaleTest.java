package dev.packetwalk.parse.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.bench.KubeProxyIptablesGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parser's compact representation (array-backed option maps, records shared between rules, chain names resolved
 * to the declared chain's string) must stay invisible through the public API. Runs on a kube-proxy dump of 300
 * services from the benchmark's generator (byte-identical to perf-tools/gen_kubeproxy_iptables.py).
 */
class IptablesSaveParserScaleTest {

  private static String dump() {
    StringBuilder sb = new StringBuilder();
    new KubeProxyIptablesGenerator().generate(300, 1, sb);
    return sb.toString();
  }

  @Test
  void generatedKubeProxyDumpParsesCompletelyWithoutWarnings() {
    String text = dump();
    IptablesDump d = IptablesSaveParser.parse("kube-300.save", text);
    assertTrue(d.warnings().isEmpty(), d.warnings().toString());
    assertEquals(List.of("mangle", "filter", "nat"), d.tables().stream().map(IptablesTable::name).toList());
    assertEquals(text.lines().filter(l -> l.startsWith("-A ")).count(), d.rules().size());
    assertEquals(text.lines().filter(l -> l.startsWith(":")).count(),
        d.tables().stream().mapToLong(t -> t.chains().size()).sum());
    IptablesTable nat = d.table("nat").orElseThrow();
    IptablesChain svc = nat.chainsStartingWith("KUBE-SVC-").stream().filter(c -> c.rules().size() >= 3).findFirst()
        .orElseThrow();
    IptablesRule lb = svc.rules().get(1);
    assertEquals("random", lb.match("statistic").orElseThrow().option("mode"));
    IptablesChain sep = nat.chain(lb.targetName()).orElseThrow();
    assertSame(sep.name(), lb.targetName(), "a jump names its chain with the declared chain's string");
    IptablesRule dnat = sep.rules().get(1);
    assertEquals("DNAT", dnat.targetName());
    assertEquals(List.of("protocol", "comment", "tcp"), dnat.matches().stream().map(IptablesMatch::module).toList());
    assertTrue(dnat.target().option("to-destination").matches("10\\.244\\.\\d+\\.\\d+:8080"));
    assertEquals(dnat.raw(), text.lines().filter(l -> l.contains(dnat.raw())).findFirst().orElseThrow()
        .substring(0, dnat.raw().length()));
  }

  @Test
  void sharedRecordsAreEqualValuesAndOptionMapsBehaveLikeOrderedUnmodifiableMaps() {
    IptablesDump d = IptablesSaveParser.parse("kube-300.save", dump());
    List<IptablesRule> seps = d.table("nat").orElseThrow().chainsStartingWith("KUBE-SEP-").stream()
        .map(c -> c.rules().get(1)).toList();
    IptablesMatch p0 = seps.get(0).match("protocol").orElseThrow();
    IptablesMatch p1 = seps.get(1).match("protocol").orElseThrow();
    assertEquals(p0, p1);
    assertEquals(p0.hashCode(), p1.hashCode());

    IptablesRule masq = d.table("nat").orElseThrow().chain("KUBE-POSTROUTING").orElseThrow().rules().get(0);
    IptablesMatch mark = masq.match("mark").orElseThrow();
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("mark", List.of("0x4000/0x4000"));
    assertEquals(expected, mark.options());
    assertEquals(mark.options(), expected);
    assertEquals(expected.hashCode(), mark.options().hashCode());
    assertEquals(expected.toString(), mark.options().toString());
    assertTrue(mark.negatedOptions().contains("mark"));
    assertThrows(UnsupportedOperationException.class, () -> mark.options().put("x", List.of()));
    assertThrows(UnsupportedOperationException.class, () -> mark.options().get("mark").add("y"));

    // several options keep their written order; a caller's own map is copied, not kept
    IptablesTarget reject = d.table("filter").orElseThrow().chain("KUBE-SERVICES").orElseThrow().rules().get(0)
        .target();
    assertEquals("icmp-port-unreachable", reject.option("reject-with"));
    Map<String, List<String>> mine = new LinkedHashMap<>();
    mine.put("b", List.of("1"));
    mine.put("a", List.of("2", "3"));
    IptablesMatch built = new IptablesMatch("m", false, mine, java.util.Set.of("a"));
    mine.put("c", List.of());
    assertEquals(List.of("b", "a"), List.copyOf(built.options().keySet()));
    assertEquals(List.of("2", "3"), built.options().get("a"));
    assertEquals("{b=[1], a=[2, 3]}", built.options().toString());
    assertNotSame(mine, built.options());
  }
}
