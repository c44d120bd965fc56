package dev.packetwalk.trace.netfilter;

import static dev.packetwalk.trace.netfilter.IptablesTestSupport.HOST;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.at;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.filter;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.filterTable;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.ipset;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.only;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.packet;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.tcp;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.withSets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each match family, positive and negative, as the one match of a FORWARD DROP rule. */
class IptablesMatchesTest {

  private static Fate fate(String matches, FilterInput in) {
    return fate(matches, in, HOST);
  }

  private static Fate fate(String matches, FilterInput in, HostView host) {
    return only(filter(filterTable("-A FORWARD " + matches + " -j DROP"), host).run(in)).fate();
  }

  private static FilterInput fwd(Packet p) {
    return at(Hook.FORWARD, p, CtState.NEW, "cni0", "eth0");
  }

  private static final FilterInput POD_TO_SVC = fwd(tcp("10.244.0.5", "10.96.0.10", 53));

  @Test
  void addresses() {
    assertEquals(Fate.DROP, fate("-s 10.244.0.0/16", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-s 10.245.0.0/16", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("! -s 10.244.0.0/16", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-d 10.96.0.10/32", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-d 10.96.0.10", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-d 10.96.0.11/32", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-d 10.96.0.0/255.255.0.0", POD_TO_SVC));
    // an IPv6 prefix never matches an IPv4 packet
    assertEquals(Fate.ACCEPT, fate("-d ::/0", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-d fd00::/64", fwd(tcp("fd00::5", "fd00::a", 80))));
  }

  @Test
  void protocolAndPorts() {
    assertEquals(Fate.DROP, fate("-p tcp", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-p udp", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("! -p tcp", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-p all", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-p gre", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-p tcp -m tcp --dport 53", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-p tcp --dport 50:60", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-p tcp --dport 54:", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-p tcp -m tcp ! --dport 53", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-p tcp --sport 40000", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-p udp -m udp --dport 53", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-p udp -m udp --dport 53", fwd(packet(Proto.UDP, "10.244.0.5", "10.96.0.10", 53))));
    assertEquals(Fate.DROP, fate("-p tcp -m multiport --dports 80,53,1000:2000", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-p tcp -m multiport --dports 80,1000:2000", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-p tcp -m multiport ! --dports 53", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-p tcp -m multiport --ports 40000", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-p tcp --syn", POD_TO_SVC));
    assertEquals(Fate.UNKNOWN, fate("-p tcp --syn", at(Hook.FORWARD, tcp("10.244.0.5", "10.96.0.10", 53),
        CtState.ESTABLISHED, "cni0", "eth0")));
  }

  @Test
  void interfaces() {
    assertEquals(Fate.DROP, fate("-i cni0", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-i cni+", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-i cali+", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("! -i cni+", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-o eth0", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("! -o eth0", POD_TO_SVC));
  }

  @Test
  void alwaysMatchingModules() {
    assertEquals(Fate.DROP, fate("-m comment --comment \"anything at all\"", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-m limit --limit 5/min --limit-burst 10", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-m nfacct --nfacct-name x", POD_TO_SVC));
  }

  @Test
  void addrtype() {
    FilterInput toNode = fwd(tcp("10.244.0.5", "192.168.0.2", 30080));
    assertEquals(Fate.DROP, fate("-m addrtype --dst-type LOCAL", toNode));
    assertEquals(Fate.ACCEPT, fate("-m addrtype --dst-type LOCAL", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-m addrtype ! --dst-type LOCAL", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-m addrtype --dst-type UNICAST", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-m addrtype --src-type LOCAL", fwd(tcp("127.0.0.1", "10.96.0.10", 53))));
    // limited to the in-interface: 192.168.0.2 is on eth0, not cni0
    assertEquals(Fate.ACCEPT, fate("-m addrtype --dst-type LOCAL --limit-iface-in", toNode));
    HostView blind = new HostView(Set.of(), Map.of(), List.of(), false);
    assertEquals(Fate.UNKNOWN, fate("-m addrtype --dst-type LOCAL", toNode, blind));
    FilterOutcome o = only(filter(filterTable("-A FORWARD -m addrtype --dst-type LOCAL -j DROP"), blind).run(toNode));
    assertEquals(Disposition.INSUFFICIENT_INFO, o.disposition());
    assertTrue(o.reason().contains("local addresses"), o.reason());
  }

  @Test
  void conntrackAndState() {
    FilterInput est = at(Hook.FORWARD, tcp("10.244.0.5", "10.96.0.10", 53), CtState.ESTABLISHED, "cni0", "eth0");
    assertEquals(Fate.DROP, fate("-m conntrack --ctstate NEW", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-m conntrack --ctstate NEW", est));
    assertEquals(Fate.DROP, fate("-m conntrack --ctstate RELATED,ESTABLISHED", est));
    assertEquals(Fate.DROP, fate("-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT", POD_TO_SVC));
    FilterInput dnatted = new FilterInput(Hook.FORWARD, tcp("10.244.0.5", "10.244.1.7", 53), CtState.NEW, "cni0",
        "eth0", "", "", true, 0);
    assertEquals(Fate.ACCEPT, fate("-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT", dnatted));
    assertEquals(Fate.DROP, fate("-m conntrack --ctstate DNAT", dnatted));
    assertEquals(Fate.DROP, fate("-m state --state NEW", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-m state --state INVALID", POD_TO_SVC));
    assertEquals(Fate.UNKNOWN, fate("-m conntrack --ctstate SNAT", est));
    assertEquals(Fate.DROP, fate("-m conntrack --ctorigdst 10.96.0.10", POD_TO_SVC));
    assertEquals(Fate.UNKNOWN, fate("-m conntrack --ctorigdst 10.96.0.10", dnatted));
    assertEquals(Fate.UNKNOWN, fate("-m conntrack --ctstatus CONFIRMED", POD_TO_SVC));
  }

  @Test
  void marks() {
    FilterInput marked = fwd(tcp("10.244.0.5", "10.96.0.10", 53).withMark(0x4000));
    assertEquals(Fate.DROP, fate("-m mark --mark 0x4000/0x4000", marked));
    assertEquals(Fate.ACCEPT, fate("-m mark --mark 0x4000/0x4000", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-m mark ! --mark 0x4000/0x4000", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-m mark --mark 0x4000", fwd(tcp("1.1.1.1", "2.2.2.2", 1).withMark(0x4001))));
    FilterInput ct = new FilterInput(Hook.FORWARD, tcp("10.244.0.5", "10.96.0.10", 53), CtState.ESTABLISHED, "", "",
        "", "", false, 0x10);
    assertEquals(Fate.DROP, fate("-m connmark --mark 0x10/0xf0", ct));
    assertEquals(Fate.ACCEPT, fate("-m connmark --mark 0x20/0xf0", ct));
  }

  @Test
  void ipsets() {
    HostView h = withSets(ipset("ips", "hash:ip", "10.244.0.5"), ipset("nets", "hash:net", "10.244.0.0/24"),
        ipset("svc", "hash:ip,port", "10.96.0.10,tcp:53", "10.96.0.10,udp:53"),
        ipset("loop", "hash:ip,port,ip", "10.244.0.5,tcp:53,10.244.0.5"),
        ipset("ipportnet", "hash:ip,port,net", "10.96.0.10,tcp:53,10.244.0.0/16"),
        ipset("ports", "bitmap:port", "30000-32767"), ipset("partial", "hash:ip"),
        ipset("list", "list:set", "ips"));
    assertEquals(Fate.DROP, fate("-m set --match-set ips src", POD_TO_SVC, h));
    assertEquals(Fate.ACCEPT, fate("-m set --match-set ips dst", POD_TO_SVC, h));
    assertEquals(Fate.ACCEPT, fate("-m set ! --match-set ips src", POD_TO_SVC, h));
    assertEquals(Fate.DROP, fate("-m set --match-set nets src", POD_TO_SVC, h));
    assertEquals(Fate.DROP, fate("-m set --match-set svc dst,dst", POD_TO_SVC, h));
    assertEquals(Fate.ACCEPT, fate("-m set --match-set svc dst,dst", fwd(tcp("10.244.0.5", "10.96.0.10", 80)), h));
    assertEquals(Fate.DROP, fate("-m set --match-set loop dst,dst,src",
        fwd(tcp("10.244.0.5", "10.244.0.5", 53)), h));
    assertEquals(Fate.ACCEPT, fate("-m set --match-set loop dst,dst,src",
        fwd(tcp("10.244.0.6", "10.244.0.5", 53)), h));
    assertEquals(Fate.DROP, fate("-m set --match-set ipportnet dst,dst,src", POD_TO_SVC, h));
    assertEquals(Fate.DROP, fate("-m set --match-set ports dst", fwd(tcp("1.1.1.1", "192.168.0.2", 30080)), h));
    assertEquals(Fate.ACCEPT, fate("-m set --match-set ports dst", POD_TO_SVC, h));
    assertEquals(Fate.DROP, fate("-m set --match-set list src", POD_TO_SVC, h));
    assertEquals(Fate.UNKNOWN, fate("-m set --match-set missing src", POD_TO_SVC, h));
    FilterOutcome o = only(filter(filterTable("-A FORWARD -m set --match-set missing src -j DROP"), h)
        .run(POD_TO_SVC));
    assertTrue(o.reason().contains("ipset missing is not in the evidence") && o.reason().contains("FORWARD rule 1"),
        o.reason());
  }

  @Test
  void physdevAndIcmpAndPkttype() {
    FilterInput bridged = new FilterInput(Hook.FORWARD, tcp("10.244.0.5", "10.244.0.6", 80), CtState.NEW, "cni0",
        "cni0", "veth1", "veth2", false, 0);
    assertEquals(Fate.DROP, fate("-m physdev --physdev-is-bridged", bridged));
    assertEquals(Fate.ACCEPT, fate("-m physdev --physdev-is-bridged", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-m physdev --physdev-in veth+", bridged));
    assertEquals(Fate.ACCEPT, fate("-m physdev ! --physdev-out veth2", bridged));
    FilterInput ping = fwd(packet(Proto.ICMP, "10.244.0.5", "10.244.1.5", 0));
    assertEquals(Fate.DROP, fate("-p icmp -m icmp --icmp-type 8", ping));
    assertEquals(Fate.DROP, fate("-p icmp -m icmp --icmp-type echo-request", ping));
    assertEquals(Fate.ACCEPT, fate("-p icmp -m icmp --icmp-type 3", ping));
    assertEquals(Fate.ACCEPT, fate("-p icmp -m icmp --icmp-type 8", POD_TO_SVC));
    assertEquals(Fate.DROP, fate("-m pkttype --pkt-type unicast", POD_TO_SVC));
    assertEquals(Fate.ACCEPT, fate("-m pkttype --pkt-type broadcast", POD_TO_SVC));
  }

  @Test
  void statisticForksIntoTwoBranchesWithTheirProbabilities() {
    List<FilterOutcome> l = filter(filterTable("-A FORWARD -m statistic --mode random --probability 0.25 -j DROP"))
        .run(POD_TO_SVC);
    assertEquals(2, l.size());
    assertEquals(Fate.DROP, l.get(0).fate());
    assertEquals(0.25, l.get(0).probability(), 1e-9);
    assertEquals(Fate.ACCEPT, l.get(1).fate());
    assertEquals(0.75, l.get(1).probability(), 1e-9);
    assertEquals(List.of("DROP (p=0.2500)"), l.get(0).choices());
    List<FilterOutcome> nth = filter(filterTable("-A FORWARD -m statistic --mode nth --every 2 --packet 0 -j DROP"))
        .run(POD_TO_SVC);
    assertEquals(2, nth.size());
    assertTrue(Double.isNaN(nth.get(0).probability()) && Double.isNaN(nth.get(1).probability()));
  }

  @Test
  void recentChecksForkWithUnknownChanceAndRecentSetAlwaysMatches() {
    List<FilterOutcome> l = filter(filterTable("-A FORWARD -m recent --name X --rcheck --seconds 10 -j DROP"))
        .run(POD_TO_SVC);
    assertEquals(List.of(Fate.DROP, Fate.ACCEPT), l.stream().map(FilterOutcome::fate).toList());
    assertTrue(Double.isNaN(l.get(0).probability()));
    assertEquals(Fate.DROP, fate("-m recent --name X --set", POD_TO_SVC));
  }

  @Test
  void unknownModulesAndOptionsAreNeverSilent() {
    for (String m : List.of("-m owner --uid-owner 0", "-m socket --transparent", "-m cgroup --path x",
        "-m ipvs --vdir ORIGINAL", "-m rpfilter --invert", "-m bpf --object-pinned /x", "-m string --algo bm",
        "-p tcp -m tcp --tcp-option 2", "-m conntrack --ctexpire 10", "-m hypothetical --x 1")) {
      List<FilterOutcome> l = filter(filterTable("-A FORWARD " + m + " -j ACCEPT", "-A FORWARD -j DROP"))
          .run(POD_TO_SVC);
      FilterOutcome o = only(l);
      assertEquals(Fate.UNKNOWN, o.fate(), m);
      assertEquals(Disposition.INSUFFICIENT_INFO, o.disposition(), m);
      assertTrue(o.reason().contains("filter/FORWARD rule 1") && o.reason().contains(":5)"), o.reason());
      assertEquals(5, o.evidence().line(), m);
    }
    FilterOutcome owner = only(filter(filterTable("-A FORWARD -m owner --uid-owner 0 -j DROP")).run(POD_TO_SVC));
    assertTrue(owner.reason().contains("-m owner"), owner.reason());
    // a rule that cannot match on what is known is skipped even though another of its matches is unknown
    assertEquals(Fate.ACCEPT, fate("-s 10.9.9.9 -m owner --uid-owner 0", POD_TO_SVC));
  }
}
