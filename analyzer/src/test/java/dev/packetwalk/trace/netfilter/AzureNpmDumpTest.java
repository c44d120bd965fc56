package dev.packetwalk.trace.netfilter;

import static dev.packetwalk.trace.netfilter.IptablesTestSupport.REALWORLD;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.at;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.ipset;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.only;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.packet;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.resource;
import static dev.packetwalk.trace.netfilter.IptablesTestSupport.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.build.node.NetfilterFixtures;
import dev.packetwalk.model.node.IpSet;
import dev.packetwalk.model.node.Netfilter;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A real AKS node's iptables-save (kube-proxy, ip-masq-agent, Azure NPM): real-world syntax evaluates. */
class AzureNpmDumpTest {
  private static final String FILE = "azure-npm-aks-node.iptables-save-v2.txt";
  private static final String TEXT = resource(REALWORLD + FILE);
  private static final Netfilter NF = NetfilterFixtures.fromText(FILE, TEXT);
  private static final String POD = "10.224.0.30";
  private static final Packet DNS = packet(Proto.UDP, POD, "10.0.0.10", 53);

  private static HostView host(List<IpSet> sets) {
    return new HostView(Set.of("10.224.0.4"), Map.of("eth0", List.of("10.224.0.4")), sets, true);
  }

  /** Every NPM set the dump names, empty: the pod is in none of them. */
  private static List<IpSet> emptySets(String except, String... members) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("--match-set (\\S+)").matcher(TEXT);
    while (m.find()) names.add(m.group(1));
    List<IpSet> l = new ArrayList<>();
    for (String n : names) l.add(n.equals(except) ? ipset(n, "hash:net", members) : ipset(n, "hash:net"));
    return l;
  }

  @Test
  void kubeDnsClusterIpFansOutToItsTwoEndpoints() {
    List<FilterOutcome> l = new IptablesFilter(NF, host(List.of()))
        .run(at(Hook.PREROUTING, DNS, CtState.NEW, "azv1", ""));
    assertEquals(2, l.size());
    assertEquals(List.of("10.224.0.23", "10.224.0.69"), l.stream().map(o -> o.packet().dst()).toList());
    for (FilterOutcome o : l) {
      assertEquals(Fate.ACCEPT, o.fate());
      assertEquals(0.5, o.probability(), 1e-9);
      assertEquals(0, o.packet().mark()); // from inside 10.224.0.0/16: not marked for masquerade
      assertTrue(o.steps().stream().anyMatch(s -> s.evidence().line() == 226), o.steps().toString());
    }
    assertEquals(List.of("KUBE-SEP-5XQSQOS6AJCWJD6N (p=0.5000)"), l.get(0).choices());
    assertEquals(List.of("not KUBE-SEP-5XQSQOS6AJCWJD6N (p=0.5000)"), l.get(1).choices());
  }

  @Test
  void npmIpsetMatchWithoutIpsetEvidenceIsUnknown() {
    FilterOutcome o = only(new IptablesFilter(NF, host(List.of()))
        .run(at(Hook.FORWARD, DNS.withDst("10.224.0.23", 53), CtState.NEW, "azv1", "azv2")));
    assertEquals(Fate.UNKNOWN, o.fate());
    assertEquals(Disposition.INSUFFICIENT_INFO, o.disposition());
    assertEquals(384, o.evidence().line());
    assertTrue(o.reason().contains("ipset azure-npm-2064349730 is not in the evidence"), o.reason());
  }

  @Test
  void npmPassesWhenThePodIsInNoPolicySet() {
    FilterOutcome o = only(new IptablesFilter(NF, host(emptySets(null)))
        .run(at(Hook.FORWARD, DNS.withDst("10.224.0.23", 53), CtState.NEW, "azv1", "azv2")));
    assertEquals(Fate.ACCEPT, o.fate());
    assertTrue(o.steps().stream().anyMatch(s -> s.evidence().line() == 373), o.steps().toString());
  }

  @Test
  void npmDefaultDenyDropsAsPolicy() {
    // the destination is in kube-system's namespace set: default-deny-ingress marks 0x4000, then the DROP rule
    FilterOutcome o = only(new IptablesFilter(NF, host(emptySets("azure-npm-2064349730", "10.224.0.23")))
        .run(at(Hook.FORWARD, DNS.withDst("10.224.0.23", 53), CtState.NEW, "azv1", "azv2")));
    assertEquals(Fate.DROP, o.fate());
    assertEquals(Disposition.DROPPED_BY_POLICY, o.disposition());
    assertEquals(386, o.evidence().line());
  }

  @Test
  void serviceWithoutEndpointsRejectsFromTheNodeButNpmAcceptsForwardedPodsFirst() {
    IptablesFilter f = new IptablesFilter(NF, host(emptySets(null)));
    FilterOutcome node = only(f.run(at(Hook.OUTPUT, tcp("10.224.0.4", "10.0.52.70", 443), CtState.NEW, "", "eth0")));
    assertEquals(Fate.REJECT, node.fate());
    assertEquals(Disposition.REJECTED_NO_ENDPOINTS, node.disposition());
    assertEquals(399, node.evidence().line());
    // FORWARD jumps to AZURE-NPM (line 362) before KUBE-SERVICES (line 364), and AZURE-NPM-ACCEPT's ACCEPT ends the
    // filter table: on this node a pod's packet to the endpoint-less Service is never rejected
    FilterOutcome pod = only(f.run(at(Hook.FORWARD, tcp(POD, "10.0.52.70", 443), CtState.NEW, "azv1", "eth0")));
    assertEquals(Fate.ACCEPT, pod.fate());
    assertEquals(373, pod.steps().get(pod.steps().size() - 1).evidence().line());
  }

  @Test
  void ownerMatchOnTheWireserverIsUnknown() {
    FilterOutcome o = only(new IptablesFilter(NF, host(List.of()))
        .run(at(Hook.OUTPUT, tcp("10.224.0.4", "168.63.129.16", 80), CtState.NEW, "", "eth0")));
    assertEquals(Fate.UNKNOWN, o.fate());
    assertEquals(408, o.evidence().line());
    assertTrue(o.reason().contains("-m owner"), o.reason());
  }
}
