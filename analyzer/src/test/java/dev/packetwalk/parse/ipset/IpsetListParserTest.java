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
}
