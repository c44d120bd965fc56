package dev.packetwalk.parse.ipset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.netfilter.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpsetListParserTest {

  @Test
  void realIpsetListOfKubeProxyShapedSets() {
    IpsetList l = IpsetListParser.parse(IpsetListParser.PATH,
        Resources.read("ipset/generated/ipset-list-kube-proxy-shaped.txt"));
    assertTrue(l.warnings().isEmpty(), l.warnings().toString());
    assertEquals(List.of("KUBE-CLUSTER-IP", "KUBE-LOOP-BACK", "KUBE-NODE-PORT-TCP", "KUBE-6", "EMPTY"),
        l.sets().stream().map(IpsetList.IpSet::name).toList());
    IpsetList.IpSet cip = l.set("KUBE-CLUSTER-IP").orElseThrow();
    assertEquals("hash:ip,port", cip.type());
    assertEquals(7, cip.revision());
    assertEquals("inet", cip.header().get("family"));
    assertEquals("65536", cip.header().get("maxelem"));
    assertEquals(3, cip.members().size());
    assertEquals(List.of("10.96.0.10", "udp:53"), cip.members().get(1).parts());
    assertEquals(List.of("10.244.1.5", "tcp:8080", "10.244.1.5"),
        l.set("KUBE-LOOP-BACK").orElseThrow().members().get(0).parts());
    assertEquals("0-65535", l.set("KUBE-NODE-PORT-TCP").orElseThrow().header().get("range"));
    IpsetList.IpSet v6 = l.set("KUBE-6").orElseThrow();
    assertEquals("inet6", v6.header().get("family"));
    assertEquals("300", v6.header().get("timeout"));
    assertEquals("", v6.header().get("comment"));
    IpsetList.Member m = v6.members().get(0);
    assertEquals("fd00::/64", m.entry());
    assertEquals("100", m.options().get("timeout"));
    assertEquals("hello world", m.options().get("comment"));
    assertEquals(0, l.set("EMPTY").orElseThrow().members().size());
  }

  @Test
  void garbageAndCutListsAreWarnings() {
    String text = """
        Type: hash:ip
        Name: S
        Type: hash:ip
        Header: family inet
        Number of entries: 3
        what is this
        Members:
        10.0.0.1
        """;
    IpsetList l = IpsetListParser.parse("x", text);
    List<ParseWarning> w = l.warnings();
    assertTrue(w.stream().anyMatch(x -> x.line() == 1 && x.kind() == ParseWarning.Kind.MALFORMED), w.toString());
    assertTrue(w.stream().anyMatch(x -> x.line() == 6 && x.raw().equals("what is this")));
    assertTrue(w.stream().anyMatch(x -> x.kind() == ParseWarning.Kind.TRUNCATED && x.message().contains("3")));
    assertEquals(1, l.set("S").orElseThrow().members().size());
  }

  @Test
  void realKubeProxyIpvsSetsWithCommentsCountersAndListSet() {
    IpsetList l = IpsetListParser.parse(IpsetListParser.PATH,
        Resources.read("ipset/realworld/ipset-list-kube-proxy-ipvs.txt"));
    assertTrue(l.warnings().isEmpty(), l.warnings().toString());
    assertEquals(11, l.sets().size());
    assertTrue(l.sets().stream().allMatch(IpsetList.IpSet::complete));
    IpsetList.IpSet cip = l.set("KUBE-CLUSTER-IP").orElseThrow();
    assertEquals(List.of("10.96.0.1,tcp:443", "10.96.100.80,tcp:80", "10.96.0.10,tcp:53", "10.96.0.10,udp:53"),
        cip.members().stream().map(IpsetList.Member::entry).toList());
    assertEquals("Kubernetes service cluster ip + port for masquerade purpose",
        cip.members().get(0).options().get("comment"));
    assertEquals("", cip.header().get("comment")); // the set-level flag, followed by bucketsize
    assertEquals("12", cip.header().get("bucketsize"));
    assertEquals(2, cip.references());
    assertEquals(20, cip.members().get(0).line());
    assertEquals(List.of("203.0.113.10", "tcp:443", "198.51.100.0/24"),
        l.set("KUBE-LOAD-BALANCER-SOURCE-CIDR").orElseThrow().members().get(0).parts());
    assertEquals(List.of("30080", "31443"), l.set("KUBE-NODE-PORT-TCP").orElseThrow().members().stream()
        .map(IpsetList.Member::entry).toList());
    IpsetList.IpSet cali = l.set("cali40all-ipam-pools").orElseThrow();
    assertEquals("4", cali.members().get(0).options().get("packets")); // two datagrams out and back on lo
    assertEquals("", cali.members().get(2).options().get("nomatch"));
    assertEquals("1048576", cali.header().get("maxelem"));
    assertEquals(List.of("KUBE-CLUSTER-IP", "KUBE-LOAD-BALANCER"), l.set("pw-all").orElseThrow().members().stream()
        .map(IpsetList.Member::entry).toList());
    assertEquals("fd00:10:96::a,udp:53", l.set("KUBE-6-CLUSTER-IP").orElseThrow().members().get(0).entry());
  }

  @Test
  void terseListingAndACutFileAreNotComplete() {
    IpsetList terse = IpsetListParser.parse("t", Resources.read("ipset/realworld/ipset-list-terse.txt"));
    assertEquals(11, terse.sets().size());
    assertTrue(terse.sets().stream().noneMatch(IpsetList.IpSet::listed));
    // a set that declares no entries is complete whether listed or not; the members of the others are unknown
    assertEquals(List.of("KUBE-EXTERNAL-IP", "KUBE-NODE-PORT-LOCAL-TCP", "KUBE-HEALTH-CHECK-NODE-PORT"),
        terse.sets().stream().filter(IpsetList.IpSet::complete).map(IpsetList.IpSet::name).toList());

    String full = Resources.read("ipset/realworld/ipset-list-kube-proxy-ipvs.txt");
    String cut = full.substring(0, full.indexOf("10.96.0.10,tcp:53")); // the file ends mid-set, as a cap cuts it
    IpsetList l = IpsetListParser.parse("c", cut);
    IpsetList.IpSet cip = l.set("KUBE-CLUSTER-IP").orElseThrow();
    assertEquals(2, cip.members().size());
    assertTrue(!cip.complete());
    assertTrue(l.set("KUBE-LOOP-BACK").orElseThrow().complete());
    assertEquals(1, l.warnings().stream().filter(w -> w.kind() == ParseWarning.Kind.TRUNCATED).count());
  }
}
