package dev.packetwalk.trace.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.netfilter.Resources;
import dev.packetwalk.parse.nft.NftListParser;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.Step;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NftFilter on {@code nft list ruleset} text: the nftables test-suite dumps, and the constructs that must not guess. */
class NftFilterTest {

  static final HostView HOST = new HostView(Set.of("192.168.0.2"), Map.of("eth0", List.of("192.168.0.2")),
      List.of(), true);

  static NftFilter realworld(String name) {
    String r = "nft/realworld/" + name;
    return new NftFilter(r, NftListParser.parse(r, Resources.read(r)).tables(), HOST);
  }

  static NftFilter text(String ruleset) {
    return new NftFilter("rules.nft", NftListParser.parse("rules.nft", ruleset).tables(), HOST);
  }

  static FilterInput in(Hook h, String iif, String src, String dst, int dport) {
    Packet p = new Packet(Proto.TCP, src, 40000, dst, dport, 0, 60, false);
    return new FilterInput(h, p, CtState.NEW, iif, h == Hook.POSTROUTING ? "eth0" : "", "", "", false, 0);
  }

  static int line(String resource, String needle) {
    String[] lines = Resources.read(resource).split("\n", -1);
    for (int i = 0; i < lines.length; i++) if (lines[i].contains(needle)) return i + 1;
    throw new AssertionError(needle);
  }

  @Test
  void natAddrPortDnatsByLiteralAndByMap() {
    NftFilter f = realworld("nftables-testsuite-maps-nat_addr_port.nft");
    // iifname != "foobar" accept: from eth0 nothing is translated (and the inet table's chain does the same)
    FilterOutcome eth0 = f.run(in(Hook.PREROUTING, "eth0", "10.1.1.1", "1.1.1.1", 80)).get(0);
    assertEquals(Fate.ACCEPT, eth0.fate());
    assertEquals("1.1.1.1", eth0.packet().dst());
    // the empty map @x fails, then "ip saddr 10.1.1.1 dnat to 10.2.3.4" keeps the port
    FilterOutcome lit = f.run(in(Hook.PREROUTING, "foobar", "10.1.1.1", "1.1.1.1", 80)).get(0);
    assertEquals("10.2.3.4:80", lit.packet().dst() + ":" + lit.packet().dport());
    assertTrue(lit.dnatted());
    String file = "nft/realworld/nftables-testsuite-maps-nat_addr_port.nft";
    Step.NatTransformation nat = (Step.NatTransformation) lit.steps().get(lit.steps().size() - 1);
    assertEquals(line(file, "ip saddr 10.1.1.1 dnat to 10.2.3.4"), nat.evidence().line());
    FilterOutcome port = f.run(in(Hook.PREROUTING, "foobar", "10.1.1.2", "1.1.1.1", 42)).get(0);
    assertEquals("10.2.3.4:4242", port.packet().dst() + ":" + port.packet().dport());
    // "meta l4proto tcp dnat ip to ip saddr map @y": y = { 192.168.7.2 : 10.1.1.1 . 4242 }
    FilterOutcome map = f.run(in(Hook.PREROUTING, "foobar", "192.168.7.2", "1.1.1.1", 80)).get(0);
    assertEquals("10.1.1.1:4242", map.packet().dst() + ":" + map.packet().dport());
    // no element anywhere: every lookup fails, the policy accepts, nothing changes
    List<FilterOutcome> none = f.run(in(Hook.PREROUTING, "foobar", "10.9.9.9", "1.1.1.1", 80));
    assertEquals(1, none.size());
    assertEquals("1.1.1.1", none.get(0).packet().dst());
    assertEquals(List.of(), none.get(0).choices());
  }

  @Test
  void natToAnAddressRangeIsUnknown() {
    NftFilter f = realworld("nftables-testsuite-sets-0047nat_0.nft");
    FilterOutcome o = f.run(in(Hook.POSTROUTING, "eth1", "10.141.10.5", "1.1.1.1", 80)).get(0);
    assertEquals(Fate.UNKNOWN, o.fate());
    assertEquals(Disposition.INSUFFICIENT_INFO, o.disposition());
    assertTrue(o.reason().contains("192.168.2.2-192.168.2.4"), o.reason());
  }

  @Test
  void unknownStatementsStopTheWalkAtTheirLine() {
    String rules = """
        table inet admin {
        	chain input {
        		type filter hook input priority filter; policy accept;
        		ip saddr 10.0.0.1 meta skuid 0 drop
        		tcp dport 22 limit rate 10/second accept
        	}
        }
        """;
    NftFilter f = text(rules);
    // the first rule's address does not match, so its unknown part is never reached
    FilterOutcome web = f.run(in(Hook.INPUT, "eth0", "10.0.0.2", "192.168.0.2", 80)).get(0);
    assertEquals(Fate.ACCEPT, web.fate());
    FilterOutcome root = f.run(in(Hook.INPUT, "eth0", "10.0.0.1", "192.168.0.2", 80)).get(0);
    assertEquals(Fate.UNKNOWN, root.fate());
    assertEquals(4, root.evidence().line());
    FilterOutcome ssh = f.run(in(Hook.INPUT, "eth0", "10.0.0.2", "192.168.0.2", 22)).get(0);
    assertEquals(Fate.UNKNOWN, ssh.fate());
    assertEquals(5, ssh.evidence().line());
  }

  @Test
  void invalidStatePolicyAndRejectAreClassified() {
    String rules = """
        table inet filter {
        	set allowed {
        		type ipv4_addr . inet_service
        		flags interval
        		elements = { 10.0.0.0/8 . 8000-8100, 192.168.0.0/16 . 443 }
        	}
        	chain forward {
        		type filter hook forward priority filter; policy drop;
        		ct state invalid counter drop
        		ct state { established, related } accept
        		iifname "veth*" ip saddr . tcp dport @allowed accept
        		iifname "cni0" reject with icmpx type admin-prohibited
        	}
        }
        """;
    NftFilter f = text(rules);
    FilterInput invalid = new FilterInput(Hook.FORWARD, new Packet(Proto.TCP, "10.0.0.5", 1, "10.1.0.1", 8050, 0, 60,
        false), CtState.INVALID, "veth1", "eth0", "", "", false, 0);
    assertEquals(Disposition.DROPPED_CT_INVALID, f.run(invalid).get(0).disposition());
    assertEquals(Fate.ACCEPT, f.run(in(Hook.FORWARD, "vethab", "10.0.0.5", "10.1.0.1", 8050)).get(0).fate());
    assertEquals(Fate.ACCEPT, f.run(in(Hook.FORWARD, "veth0", "192.168.3.3", "10.1.0.1", 443)).get(0).fate());
    FilterOutcome outOfRange = f.run(in(Hook.FORWARD, "vethab", "10.0.0.5", "10.1.0.1", 8200)).get(0);
    assertEquals(Fate.DROP, outOfRange.fate());
    assertEquals(Disposition.DENIED_IN, outOfRange.disposition());
    Step.ChainEvaluation policy = (Step.ChainEvaluation) outOfRange.steps().get(outOfRange.steps().size() - 1);
    assertEquals("policy DROP", policy.action());
    assertEquals(0, policy.rule());
    FilterOutcome rejected = f.run(in(Hook.FORWARD, "cni0", "10.0.0.5", "10.1.0.1", 8050)).get(0);
    assertEquals(Fate.REJECT, rejected.fate());
    assertEquals(12, rejected.evidence().line());
    assertTrue(rejected.reason().contains("admin-prohibited"), rejected.reason());
  }

  @Test
  void rulesInJsonFormAreUnknownNotSkipped() {
    String r = "nft/generated/kube-proxy-TestOverallNFTablesRules.nft-j-list-ruleset.json";
    NftFilter f = new NftFilter(r, dev.packetwalk.parse.nft.NftJsonParser.parse(r, Resources.read(r)).tables(), HOST);
    FilterOutcome o = f.run(in(Hook.PREROUTING, "cni0", "10.0.0.2", "172.30.0.41", 80)).get(0);
    assertEquals(Fate.UNKNOWN, o.fate());
    assertTrue(o.reason().contains("JSON"), o.reason());
    assertTrue(o.evidence().pointer().startsWith("/nftables/"), o.evidence().toString());
  }

  @Test
  void ipv6PacketsSkipIpTablesAndIp4Matches() {
    String rules = """
        table ip v4only {
        	chain input {
        		type filter hook input priority filter; policy drop;
        	}
        }
        table inet both {
        	chain input {
        		type filter hook input priority filter; policy accept;
        		ip saddr != 10.0.0.0/8 drop
        	}
        }
        """;
    Packet v6 = new Packet(Proto.TCP, "2001:db8::5", 1, "2001:db8::1", 80, 0, 60, false);
    List<FilterOutcome> out = text(rules).run(new FilterInput(Hook.INPUT, v6, CtState.NEW, "eth0", "", "", "", false,
        0));
    assertEquals(Fate.ACCEPT, out.get(0).fate()); // neither the ip table nor "ip saddr !=" applies to IPv6
  }
}
