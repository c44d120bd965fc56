package dev.packetwalk.trace.netfilter;

import static dev.packetwalk.trace.netfilter.IptablesTestSupport.at;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.filter;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.filterTable;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.only;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Targets and the chain walk: verdicts, jumps, gotos, RETURN, policies, NAT, marks, and what stays UNKNOWN. */
class IptablesTargetsTest {
  private static final Packet POD = tcp("10.244.0.5", "10.96.0.10", 80);
  private static final FilterInput FWD = at(Hook.FORWARD, POD, CtState.NEW, "cni0", "eth0");

  private static List<String> actions(FilterOutcome o) {
    return o.steps().stream().map(Step::text).toList();
  }

  @Test
  void jumpReturnAndFallingOffAUserChain() {
    String dump = "*filter\n:FORWARD ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n"
        + "-A FORWARD -j A\n-A FORWARD -j B\n-A FORWARD -j DROP\n"
        + "-A A -p udp -j ACCEPT\n" // does not match: falls off A, back to FORWARD rule 2
        + "-A B -j RETURN\n-A B -j ACCEPT\nCOMMIT\n";
    FilterOutcome o = only(filter(dump).run(FWD));
    assertEquals(Fate.DROP, o.fate());
    // jumps into chains where nothing acted are taken back: they tell a reader nothing
    assertEquals(List.of("filter/FORWARD rule 3: DROP"), actions(o));
    assertEquals(7, o.evidence().line());
    assertEquals(Disposition.DENIED_IN, o.disposition());
  }

  @Test
  void aJumpStaysWhenSomethingActedInsideTheChain() {
    String dump = "*filter\n:FORWARD ACCEPT [0:0]\n:A - [0:0]\n"
        + "-A FORWARD -j A\n-A A -j MARK --set-xmark 0x4000/0x4000\n-A A -j RETURN\nCOMMIT\n";
    FilterOutcome o = only(filter(dump).run(FWD));
    assertEquals(List.of("filter/FORWARD rule 1: jump A", "filter/A rule 1: MARK --set-xmark (mark 0x0 → 0x4000)",
        "filter/A rule 2: RETURN"),
        actions(o).subList(0, 3));
  }

  @Test
  void gotoReturnsToTheCallerOfTheChainThatWent() {
    String dump = "*filter\n:FORWARD DROP [0:0]\n:A - [0:0]\n:B - [0:0]\n"
        + "-A FORWARD -j A\n-A FORWARD -j ACCEPT\n-A A -g B\n-A A -j DROP\n-A B -j RETURN\nCOMMIT\n";
    FilterOutcome o = only(filter(dump).run(FWD));
    assertEquals(Fate.ACCEPT, o.fate()); // B's RETURN goes back to FORWARD rule 2, never to A rule 2
  }

  @Test
  void builtinPolicyDecidesAndIsCited() {
    FilterOutcome o = only(filter("*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p udp -j ACCEPT\nCOMMIT\n").run(FWD));
    assertEquals(Fate.DROP, o.fate());
    Step.ChainEvaluation p = (Step.ChainEvaluation) o.steps().get(0);
    assertEquals(0, p.rule());
    assertEquals("policy DROP", p.action());
    assertEquals(2, p.evidence().line());
    assertEquals(2, o.evidence().line());
  }

  @Test
  void missingTableOrChainPassesAndAcceptEndsOnlyItsTable() {
    assertEquals(Fate.ACCEPT, only(filter("*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n").run(FWD)).fate());
    String dump = filterTable("-A FORWARD -j ACCEPT") + "*security\n:FORWARD ACCEPT [0:0]\n-A FORWARD -j DROP\nCOMMIT\n";
    assertEquals(Fate.DROP, only(filter(dump).run(FWD)).fate());
  }

  @Test
  void dnatOnlyForNewConnectionsWithATransformationStep() {
    String dump = "*nat\n:PREROUTING ACCEPT [0:0]\n"
        + "-A PREROUTING -d 10.96.0.10/32 -p tcp --dport 80 -j DNAT --to-destination 10.244.1.7:8080\n"
        + "-A PREROUTING -j DNAT --to-destination 10.9.9.9\nCOMMIT\n";
    FilterOutcome o = only(filter(dump).run(at(Hook.PREROUTING, POD, CtState.NEW, "cni0", "")));
    assertEquals("10.244.1.7", o.packet().dst());
    assertEquals(8080, o.packet().dport());
    assertTrue(o.dnatted());
    Step.NatTransformation nat = (Step.NatTransformation) o.steps().get(1);
    assertEquals("DNAT", nat.kind());
    assertEquals("tcp 10.244.0.5:40000 → 10.96.0.10:80", nat.before());
    assertEquals("tcp 10.244.0.5:40000 → 10.244.1.7:8080", nat.after());
    FilterOutcome est = only(filter(dump).run(at(Hook.PREROUTING, POD, CtState.ESTABLISHED, "cni0", "")));
    assertEquals(POD, est.packet());
    assertTrue(est.steps().isEmpty());
  }

  @Test
  void snatMasqueradeAndRedirect() {
    String snat = "*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -j SNAT --to-source 192.168.0.9:1000-2000\nCOMMIT\n";
    FilterOutcome o = only(filter(snat).run(at(Hook.POSTROUTING, POD, CtState.NEW, "cni0", "eth0")));
    assertEquals("192.168.0.9", o.packet().src());
    assertEquals(1000, o.packet().sport());
    assertTrue(o.steps().get(0).text().contains("port range 1000-2000, first taken"), o.steps().get(0).text());

    String masq = "*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE --random-fully\nCOMMIT\n";
    FilterOutcome m = only(filter(masq).run(at(Hook.POSTROUTING, POD, CtState.NEW, "cni0", "eth0")));
    assertEquals("192.168.0.2", m.packet().src());
    assertEquals(40000, m.packet().sport());
    String unknownIface = "*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n";
    FilterOutcome u = only(filter(unknownIface).run(at(Hook.POSTROUTING, POD, CtState.NEW, "cni0", "tun7")));
    assertEquals(Fate.UNKNOWN, u.fate());
    assertTrue(u.reason().contains("no address of tun7"), u.reason());

    String redirect = "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j REDIRECT --to-ports 15001\nCOMMIT\n";
    FilterOutcome r = only(filter(redirect).run(at(Hook.PREROUTING, POD, CtState.NEW, "cni0", "")));
    assertEquals("10.244.0.1", r.packet().dst());
    assertEquals(15001, r.packet().dport());
  }

  @Test
  void marksAndConnmarks() {
    String dump = "*mangle\n:FORWARD ACCEPT [0:0]\n"
        + "-A FORWARD -j MARK --set-xmark 0x4000/0x4000\n-A FORWARD -j MARK --or-mark 0x1\n"
        + "-A FORWARD -j MARK --xor-mark 0x4000\n-A FORWARD -j MARK --and-mark 0xff\n"
        + "-A FORWARD -j MARK --set-mark 0x20/0xf0\n-A FORWARD -j CONNMARK --save-mark\n"
        + "-A FORWARD -j LOG --log-prefix x\nCOMMIT\n";
    FilterOutcome o = only(filter(dump).run(FWD));
    assertEquals(0x21, o.packet().mark()); // 0x4000 → 0x4001 → 0x1 → 0x1 → 0x21
    assertEquals(0x21, o.ctmark());
    assertEquals(6, o.steps().size()); // LOG leaves no step
    String restore = "*mangle\n:FORWARD ACCEPT [0:0]\n-A FORWARD -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff\n"
        + "COMMIT\n";
    FilterInput ct = new FilterInput(Hook.FORWARD, POD, CtState.ESTABLISHED, "", "", "", "", false, 0x1234);
    assertEquals(0x34, only(filter(restore).run(ct)).packet().mark());
  }

  @Test
  void notrackInRawSkipsNat() {
    String dump = "*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j CT --notrack\nCOMMIT\n"
        + "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j DNAT --to-destination 10.9.9.9\nCOMMIT\n";
    FilterOutcome o = only(filter(dump).run(at(Hook.PREROUTING, POD, CtState.NEW, "cni0", "")));
    assertEquals(POD.dst(), o.packet().dst());
  }

  @Test
  void rejectCarriesItsTypeAndTheRuleLine() {
    FilterOutcome o = only(filter(filterTable("-A FORWARD -p tcp -j REJECT --reject-with tcp-reset")).run(FWD));
    assertEquals(Fate.REJECT, o.fate());
    assertEquals("filter/FORWARD rule 1: REJECT --reject-with tcp-reset", o.steps().get(0).text());
    assertEquals(5, o.evidence().line());
  }

  @Test
  void whatCannotBeAppliedIsUnknown() {
    for (String rule : List.of("-A FORWARD -j NFQUEUE --queue-num 1", "-A FORWARD -j NOSUCHCHAIN",
        "-A FORWARD -j TPROXY --on-port 1")) {
      FilterOutcome o = only(filter(filterTable(rule)).run(FWD));
      assertEquals(Fate.UNKNOWN, o.fate(), rule);
      assertEquals(Disposition.INSUFFICIENT_INFO, o.disposition(), rule);
      assertFalse(o.reason().isEmpty());
    }
    String loop = "*filter\n:FORWARD ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A FORWARD -j A\n-A A -g B\n-A B -g A\n"
        + "COMMIT\n";
    FilterOutcome o = only(filter(loop).run(FWD));
    assertEquals(Fate.UNKNOWN, o.fate());
    assertTrue(o.reason().contains("loop"), o.reason());
  }

  @Test
  void undeclaredBuiltinChainsOfARestoreInputAccept() {
    // kube-proxy's restore input declares builtin chains with "-" or not at all
    String dump = "*filter\n:FORWARD - [0:0]\n-A FORWARD -p udp -j DROP\nCOMMIT\n";
    assertEquals(Fate.ACCEPT, only(filter(dump).run(FWD)).fate());
  }
}
