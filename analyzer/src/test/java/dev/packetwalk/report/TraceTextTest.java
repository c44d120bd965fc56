package dev.packetwalk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.BreakAt;
import dev.packetwalk.trace.Component;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTextTest {
  private static final String CLIENT = PathFixtures.CLIENT;

  private static String story(Trace t) {
    return TraceText.render(t, PathFixtures.EXCERPTS, false);
  }

  @Test
  void verdictFirstThenTheBreakWithItsLine() {
    List<String> lines = story(PathFixtures.partial(CLIENT)).lines().toList();
    assertEquals("PARTIAL  pod/shop/frontend-7d9f8b6c5-abcde → svc/shop/cart:http", lines.get(0));
    assertTrue(lines.get(1).contains("tcp 10.244.0.12:40000 → 10.96.100.30:80"));
    assertEquals("  2 branches: 1 delivered, 1 failed", lines.get(2));
    assertEquals("  Break: node-b · kube proxy · NEIGHBOR_UNREACHABLE: neighbour 10.244.1.99 on cni0 FAILED",
        lines.get(3));
    assertEquals("         nodes/node-b/iproute/ip-neigh.txt:2  10.244.1.99 dev cni0 FAILED", lines.get(4));
  }

  @Test
  void everyStepCitesItsFileAndLine() {
    Trace t = PathFixtures.delivered(CLIENT);
    String out = story(t);
    Branch first = t.branches().get(0);
    int n = 0;
    for (Hop h : first.hops()) {
      for (Step s : h.steps()) {
        n++;
        String loc = s.evidence().isNone() ? "kernel default" : s.evidence().toString();
        // the step's number and text, then its location on that line or the next
        String numbered = String.format("%3d. %s", n, s.text());
        int at = out.indexOf(numbered);
        assertTrue(at >= 0, "step " + n + " missing: " + numbered);
        int end = out.indexOf('\n', out.indexOf('\n', at) + 1);
        assertTrue(out.substring(at, end).contains(loc), "step " + n + " without " + loc);
      }
    }
    assertEquals(11, n);
    assertTrue(out.contains("  ▸ node node-a  reply"), "reply hops are marked");
  }

  @Test
  void branchesShareTheirCommonPrefixInsteadOfRepeatingIt() {
    String out = story(PathFixtures.partial(CLIENT));
    assertTrue(out.contains("Branch 1 of 2 · p=0.5 · KUBE-SEP-CARTAAAAAAAAAAAA → DELIVERED"));
    assertTrue(out.contains("Branch 2 of 2 · p=0.5 · KUBE-SEP-CARTBBBBBBBBBBBB → NEIGHBOR_UNREACHABLE\n"
        + "  steps 1–3 as in branch 1\n  ▸ node node-a\n     4. nat/KUBE-SVC-CART4STALE2ENDPT rule 2"), out);
    assertEquals(1, count(out, "KUBE-SERVICES rule 2"), "shared steps printed once");
  }

  @Test
  void theBreakIsMarkedWithItsExcerpt() {
    String out = story(PathFixtures.partial(CLIENT));
    assertTrue(out.contains("\n  ✗ 14. neighbour 10.244.1.99 on cni0 FAILED"));
    assertTrue(out.contains("\n        │ 10.244.1.99 dev cni0 FAILED\n"));
    assertEquals(1, count(out, "✗"), "only the failing step is marked");
  }

  @Test
  void narrowingComesLast() {
    String out = story(PathFixtures.broken(CLIENT));
    int narrowing = out.indexOf("\nNarrowing\n");
    assertTrue(narrowing > out.lastIndexOf("Branch 1 of 1"));
    String tail = out.substring(narrowing);
    assertTrue(tail.contains("  ? NOT TRACED        pod IP instead of ClusterIP — the destination is a pod IP"));
    assertTrue(tail.contains("  ✗ BROKEN            from the node: node-b · firewall · DENIED_IN: filter/FORWARD"));
    assertTrue(tail.contains("  ✓ DELIVERED         from a pod on the same node\n"));
    assertTrue(tail.contains("  ⇒ first failing: firewall. Only packets that node-b forwards"));
  }

  @Test
  void aThirtyStepTraceFitsInHundredColumns() {
    String out = story(longTrace());
    assertTrue(out.lines().count() > 30);
    for (String l : out.lines().toList()) {
      assertTrue(l.codePointCount(0, l.length()) <= TraceText.WIDTH, l.length() + " columns: " + l);
    }
    assertTrue(out.contains(" 30. "));
    assertTrue(out.contains("nodes/node-a/netfilter/iptables-save.txt:29"));
  }

  @Test
  void colourOnlyWhenAskedAndControlCharactersNeverPass() {
    Trace t = PathFixtures.broken("shop/evil\u001b[2J\u001b]0;pwned\u0007");
    String plain = TraceText.render(t, PathFixtures.EXCERPTS, false);
    assertFalse(plain.contains("\u001b"), "no escape sequences without colour, not even the bundle's");
    assertFalse(plain.contains("\u0007"));
    String colour = TraceText.render(t, PathFixtures.EXCERPTS, true);
    assertTrue(colour.contains("\u001b[1;31mBROKEN\u001b[0m"));
    assertEquals(plain, colour.replaceAll("\u001b\\[[0-9;]*m", ""), "colour adds codes and nothing else");
    assertEquals(plain, TraceText.render(t, PathFixtures.EXCERPTS, false), "deterministic");
  }

  @Test
  void aFlowWithoutBranchesSaysSo() {
    Trace t = Trace.of(PathFixtures.flow(CLIENT, "10.1.2.3:443", Proto.TCP, "10.1.2.3", 443), List.of());
    String out = story(t);
    assertTrue(out.startsWith("INSUFFICIENT_INFO  pod/shop/frontend-7d9f8b6c5-abcde → 10.1.2.3:443\n"));
    assertTrue(out.contains("No branch was walked"));
  }

  /** 30 steps on node-a, with rule texts longer than a line, ending in a DROP. */
  static Trace longTrace() {
    List<Step> steps = new ArrayList<>();
    String file = "nodes/node-a/netfilter/iptables-save.txt";
    for (int i = 1; i < 30; i++) {
      steps.add(new Step.ChainEvaluation("filter", "CALICO-FW-CHAIN-" + i, i, "jump cali-pi-" + "x".repeat(i),
          "policy shop/allow-frontend-to-api-and-metrics-scraping-from-monitoring-namespace rule " + i,
          SourceRef.line(file, i)));
    }
    Step drop = new Step.Drop(Disposition.DROPPED_BY_POLICY, "no policy allows 10.244.0.12 to reach 10.244.1.40:5432",
        SourceRef.line(file, 30));
    steps.add(drop);
    Hop hop = new Hop("node-a", Hop.Place.NODE, "node node-a", Hop.Direction.REQUEST, steps);
    BreakAt b = new BreakAt("node-a", Component.NETWORK_POLICY, Disposition.DROPPED_BY_POLICY, drop);
    return Trace.of(PathFixtures.flow(CLIENT, "pod/db/postgres-0", Proto.TCP, "10.244.1.40", 5432),
        List.of(new Branch(1, List.of(), Disposition.DROPPED_BY_POLICY, List.of(hop), b)));
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
    return n;
  }
}
