package dev.packetwalk.trace.netfilter;

import static dev.packetwalk.trace.netfilter.IptablesTestSupport.at;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.filter;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.filterTable;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The destination index keeps first-match order exactly: random long chains mixing indexable and unindexable rules
 * decide every packet as a plain scan (done here by hand, rule by rule) would.
 */
class IptablesChainIndexTest {
  private static final String[] DSTS = {"10.96.0.1", "10.96.0.2", "10.96.0.3", "10.97.0.9"};

  /** One rule's requirements; null means "any". */
  private record Spec(String dst, boolean dstNegated, String dstNet, Proto proto, Integer dport, String src) {
    String text() {
      StringBuilder b = new StringBuilder();
      if (src != null) b.append(" -s ").append(src);
      if (dst != null) b.append(dstNegated ? " ! -d " : " -d ").append(dst).append("/32");
      if (dstNet != null) b.append(" -d ").append(dstNet);
      if (proto != null) b.append(" -p ").append(proto.lower());
      if (dport != null) b.append(" -m ").append(proto.lower()).append(" --dport ").append(dport);
      return b.toString();
    }

    boolean matches(Packet p) {
      if (src != null && !p.src().startsWith("10.244.")) return false;
      if (dst != null && dst.equals(p.dst()) == dstNegated) return false;
      if (dstNet != null && !p.dst().startsWith("10.96.")) return false;
      if (proto != null && proto != p.proto()) return false;
      return dport == null || dport == p.dport();
    }
  }

  @Test
  void indexedChainsDecideAsAScanWould() {
    Random r = new Random(42);
    for (int round = 0; round < 20; round++) {
      List<Spec> specs = new ArrayList<>();
      List<String> rules = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int kind = r.nextInt(6);
        String dst = kind <= 3 ? DSTS[r.nextInt(DSTS.length)] : null;
        Proto proto = kind <= 2 || r.nextBoolean() ? (r.nextBoolean() ? Proto.TCP : Proto.UDP) : null;
        Integer port = proto != null && r.nextInt(3) > 0 ? 50 + r.nextInt(4) : null;
        Spec s = new Spec(dst, kind == 3 && r.nextInt(4) == 0, kind == 4 ? "10.96.0.0/16" : null, proto, port,
            kind == 5 ? "10.244.0.0/16" : null);
        specs.add(s);
        rules.add("-A FORWARD" + s.text() + " -j DROP");
      }
      IptablesFilter f = filter(filterTable(rules.toArray(new String[0])));
      for (int k = 0; k < 50; k++) {
        Packet p = new Packet(r.nextBoolean() ? Proto.TCP : Proto.UDP, r.nextBoolean() ? "10.244.0.5" : "192.168.0.9",
            40000, DSTS[r.nextInt(DSTS.length)], 50 + r.nextInt(4), 0, 100, false);
        int expected = -1;
        for (int i = 0; i < specs.size() && expected < 0; i++) {
          if (specs.get(i).matches(p)) expected = i + 1;
        }
        FilterOutcome o = only(f.run(at(Hook.FORWARD, p)));
        assertEquals(expected < 0 ? Fate.ACCEPT : Fate.DROP, o.fate(), p.tuple());
        if (expected > 0) assertEquals(expected + 4, o.evidence().line(), p.tuple() + " round " + round);
      }
    }
  }
}
