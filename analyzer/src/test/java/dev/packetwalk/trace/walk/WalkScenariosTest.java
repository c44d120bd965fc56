package dev.packetwalk.trace.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.Component;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.Verdict;
import dev.packetwalk.trace.flows.FlowSpecs;
import dev.packetwalk.trace.flows.Narrower;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The walk on real kernel output with one fault edited in: each disposition the harness cannot easily provoke live
 * (a loop, reverse-path filtering, an MTU drop, a reply bridged past conntrack), named at the right node with the
 * line that decides it.
 */
class WalkScenariosTest {
  static final String CLIENT_1 = "pod/shop/client-7c5d9b8f4-q2w8e"; // worker-1, 10.244.1.20
  static final String CLIENT_2 = "pod/shop/client-7c5d9b8f4-h7k3n"; // worker-2, 10.244.2.20
  static final String WEB_2 = "pod/shop/web-6b8f9d4c7d-x7p2m:8080"; // worker-2, 10.244.2.10

  static Trace trace(AnalysisResult r, String from, String to) throws FlowSpecs.SpecException {
    return new Tracer(r.cluster(), r.nodes()).trace(new FlowSpecs(r.cluster(), r.nodes()).resolve(from, to, null));
  }

  static UnaryOperator<String> replace(String from, String to) {
    return t -> t.replace(from, to);
  }

  @Test
  void healthyCrossNodeWalkGoesThereAndBackCitingTheKernelsOwnLines() throws Exception {
    Trace t = trace(EditedSample.analyze("healthy", Map.of()), CLIENT_1, WEB_2);
    assertEquals(Verdict.DELIVERED, t.verdict());
    Branch b = t.branches().get(0);
    List<String> where = b.hops().stream().map(h -> h.direction() + " " + h.where()).toList();
    assertEquals(List.of("REQUEST pod shop/client-7c5d9b8f4-q2w8e", "REQUEST node worker-1",
        "REQUEST underlay worker-1 → worker-2", "REQUEST node worker-2", "REQUEST pod shop/web-6b8f9d4c7d-x7p2m",
        "REPLY pod shop/web-6b8f9d4c7d-x7p2m", "REPLY node worker-2", "REPLY underlay worker-2 → worker-1",
        "REPLY node worker-1", "REPLY pod shop/client-7c5d9b8f4-q2w8e"), where);
    // the wire is a hop of its own, citing the line that makes the next hop the other node's address
    Hop wire = b.hops().get(2);
    assertEquals(Hop.Place.UNDERLAY, wire.place());
    assertEquals("", wire.node());
    assertTrue(wire.steps().get(0).evidence().file().equals("nodes/worker-2/iproute/ip-d-addr.txt"),
        wire.steps().get(0).text() + " " + wire.steps().get(0).evidence());
    for (Hop h : b.hops()) {
      for (Step s : h.steps()) {
        if (s instanceof Step.RoutingLookup || s instanceof Step.ChainEvaluation || s instanceof Step.EnterInterface) {
          assertTrue(s.evidence().file().startsWith("nodes/") && s.evidence().line() > 0, s.text());
        }
      }
    }
    Step deliver = b.hops().get(4).steps().get(b.hops().get(4).steps().size() - 1);
    assertTrue(deliver instanceof Step.Deliver && deliver.evidence().file().endsWith("/ss-ltnup.txt"), deliver.text());
  }

  @Test
  void ipForwardOffStopsTheSendingNodeAndCitesTheSysctl() throws Exception {
    AnalysisResult r = EditedSample.analyze("healthy", Map.of("nodes/worker-1/kernel/sysctl.txt",
        replace("net.ipv4.ip_forward = 1", "net.ipv4.ip_forward = 0")));
    Trace t = trace(r, CLIENT_1, WEB_2);
    assertEquals(Verdict.BROKEN, t.verdict());
    assertEquals("worker-1", t.breakAt().node());
    assertEquals(Disposition.FORWARDING_DISABLED, t.breakAt().disposition());
    assertEquals(Component.KERNEL, t.breakAt().component());
    SourceRef ref = t.breakAt().step().evidence();
    assertEquals("nodes/worker-1/kernel/sysctl.txt", ref.file());
    assertTrue(ref.line() > 0);
    // the same node still delivers to its own pods: bridged, never forwarded
    assertEquals(Verdict.DELIVERED, trace(r, CLIENT_1, "pod/shop/web-6b8f9d4c7d-5kz8r:8080").verdict());
  }

  @Test
  void twoNodesRoutingAPodCidrAtEachOtherIsALoop() throws Exception {
    AnalysisResult r = EditedSample.analyze("healthy", Map.of("nodes/worker-2/iproute/ip-route-table-all.txt",
        replace("10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1", "10.244.2.0/24 via 10.0.0.11 dev eth0")));
    Trace t = trace(r, CLIENT_1, WEB_2);
    assertEquals(Disposition.LOOP, t.breakAt().disposition());
  }

  @Test
  void strictReversePathFilterDropsWhatArrivesOnTheWrongInterface() throws Exception {
    AnalysisResult r = EditedSample.analyze("healthy", Map.of(
        "nodes/worker-2/iproute/ip-route-table-all.txt",
        replace("10.244.1.0/24 via 10.0.0.11 dev eth0", "10.244.1.0/24 dev cni0"),
        "nodes/worker-2/kernel/sysctl.txt", replace("net.ipv4.conf.all.rp_filter = 0", "net.ipv4.conf.all.rp_filter = 1")));
    Trace t = trace(r, CLIENT_1, WEB_2);
    assertEquals(Disposition.RP_FILTER_DROP, t.breakAt().disposition());
    assertEquals("worker-2", t.breakAt().node());
    assertEquals("nodes/worker-2/kernel/sysctl.txt", t.breakAt().step().evidence().file());
  }

  @Test
  void aLargeAnswerDoesNotFitALowerUnderlayMtuWhileASmallOneDoes() throws Exception {
    AnalysisResult r = EditedSample.analyze("healthy", Map.of("nodes/worker-2/iproute/ip-s-d-link.txt",
        t -> t.replaceFirst("(eth0@if\\d+: <[^>]*> mtu )1500", "$11400")));
    assertEquals(Verdict.DELIVERED, trace(r, CLIENT_1, WEB_2).verdict());
    Flow small = new FlowSpecs(r.cluster(), r.nodes()).resolve(CLIENT_1, WEB_2, null);
    Flow large = new Flow(small.from(), small.to(), small.proto(), small.src(), small.srcPort(), small.dst(),
        small.dstPort(), small.start(), small.length(), 100 * 1024);
    Trace t = new Tracer(r.cluster(), r.nodes()).trace(large);
    assertEquals(Disposition.MTU_EXCEEDED, t.breakAt().disposition());
    assertEquals("worker-2", t.breakAt().node());
    assertTrue(t.breakAt().step().text().contains("1500-byte") && t.breakAt().step().text().contains("MTU 1400"),
        t.breakAt().step().text());
  }

  @Test
  void aReplyBridgedPastConntrackIsNotReversedSoOnlyTheRemoteEndpointWorks() throws Exception {
    AnalysisResult r = EditedSample.analyze("healthy", Map.of("nodes/worker-2/kernel/sysctl.txt",
        replace("net.bridge.bridge-nf-call-iptables = 1", "net.bridge.bridge-nf-call-iptables = 0")));
    Trace t = trace(r, CLIENT_2, "svc/shop/web");
    assertEquals(Verdict.PARTIAL, t.verdict());
    assertEquals(2, t.branches().size());
    for (Branch b : t.branches()) {
      assertEquals(0.5, b.probability(), 1e-9);
      boolean local = b.choices().stream().anyMatch(c -> c.contains("10.244.2.10"));
      assertEquals(local ? Disposition.REPLY_NOT_REVERSED : Disposition.DELIVERED, b.disposition(), b.choices()
          .toString());
    }
  }

  @Test
  void anOutsideClientArrivesAtTheNodeItAddresses() throws Exception {
    AnalysisResult r = EditedSample.analyze("healthy", Map.of());
    Trace t = trace(r, "10.0.0.100", "node/worker-2:30080");
    assertEquals(Flow.Start.Kind.EXTERNAL, t.flow().start().kind());
    assertEquals(Verdict.DELIVERED, t.verdict());
    FlowSpecs.SpecException e = assertThrows(FlowSpecs.SpecException.class,
        () -> new FlowSpecs(r.cluster(), r.nodes()).resolve("10.0.0.100", "10.244.2.10:8080", null));
    assertTrue(e.getMessage().contains("node"), e.getMessage());
  }

  @Test
  void narrowingAStaleEndpointClearsTheEndpointAndBlamesKubeProxy() throws Exception {
    AnalysisResult r = EditedSample.analyze("stale-endpoint", Map.of());
    Tracer tracer = new Tracer(r.cluster(), r.nodes());
    Trace t = new Narrower(r.cluster(), r.nodes(), tracer).narrow(tracer.trace(
        new FlowSpecs(r.cluster(), r.nodes()).resolve(CLIENT_1, "svc/shop/api", null)));
    assertEquals(Verdict.BROKEN, t.verdict());
    assertNotNull(t.narrowing());
    assertEquals(Component.KUBE_PROXY, t.narrowing().firstFailing());
    assertTrue(t.narrowing().variants().stream().anyMatch(v -> v.name().startsWith("the pod IP")
        && v.verdict() == Verdict.DELIVERED), t.narrowing().toString());
    assertFalse(t.narrowing().conclusion().isBlank());
  }

  @Test
  void ipvsTakesAServiceAddressThatRoutesAsLocalAndSchedulesItsRealServers() throws Exception {
    String ipvs = "IP Virtual Server version 1.2.1 (size=4096)\n"
        + "Prot LocalAddress:Port Scheduler Flags\n"
        + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
        + "TCP  10.96.100.20:80 rr\n"
        + "  -> 10.244.2.21:8080             Masq    1      0          0\n"
        + "  -> 10.244.2.21:9999             Masq    0      0          0\n";
    AnalysisResult r = EditedSample.analyze("healthy", Map.of(
        // kube-proxy in IPVS mode writes no KUBE-SVC chain for the Service, and puts its address on kube-ipvs0
        "nodes/worker-1/netfilter/iptables-save.txt", t -> t.lines()
            .filter(l -> !l.contains("\"shop/api:http cluster IP\" -m tcp --dport 80 -j KUBE-SVC"))
            .collect(java.util.stream.Collectors.joining("\n", "", "\n")),
        "nodes/worker-1/iproute/ip-route-table-all.txt", t -> t
            + "local 10.96.100.20 dev kube-ipvs0 table local proto kernel scope host src 10.96.100.20 \n"),
        Map.of("nodes/worker-1/ipvs/ipvsadm-Ln.txt", ipvs));
    Trace t = trace(r, CLIENT_1, "svc/shop/api");
    assertEquals(Verdict.DELIVERED, t.verdict(), () -> t.branches().toString());
    assertEquals(1, t.branches().size(), "the weight-0 real server is quiesced");
    List<Step> steps = t.branches().get(0).hops().stream().flatMap(h -> h.steps().stream()).toList();
    Step.IpvsScheduling s = steps.stream().filter(x -> x instanceof Step.IpvsScheduling)
        .map(x -> (Step.IpvsScheduling) x).findFirst().orElseThrow();
    assertEquals("nodes/worker-1/ipvs/ipvsadm-Ln.txt", s.evidence().file());
    assertTrue(steps.stream().anyMatch(x -> x instanceof Step.NatTransformation n && n.kind().equals("un-DNAT")
        && n.evidence().file().equals("nodes/worker-1/ipvs/ipvsadm-Ln.txt")),
        "the reply is un-DNATed back to the Service address, citing the IPVS entry that translated the request");
  }

  static final String WEB_1 = "pod/shop/web-6b8f9d4c7d-5kz8r"; // worker-1, 10.244.1.10, an endpoint of shop/web

  @Test
  void aPodReachingItselfThroughItsServiceNeedsHairpinOnItsBridgePort() throws Exception {
    // the harness's ports have hairpin off: the branch back to the pod itself is dropped by the bridge
    Trace off = trace(EditedSample.analyze("healthy", Map.of()), WEB_1, "svc/shop/web");
    assertEquals(Verdict.PARTIAL, off.verdict());
    Branch self = off.branches().stream().filter(b -> b.choices().stream().anyMatch(c -> c.contains("10.244.1.10")))
        .findFirst().orElseThrow();
    assertEquals(Disposition.HAIRPIN_DISABLED, self.disposition());
    assertEquals("nodes/worker-1/iproute/ip-s-d-link.txt", self.breakAt().step().evidence().file());
    // hairpin on: both branches work (kube-proxy masquerades the hairpin, so the answer comes back too)
    UnaryOperator<String> hairpinOn = t -> t.replaceFirst("(?s)(veth1a20b68b@[^:]*:.*?)hairpin off", "$1hairpin on");
    AnalysisResult on = EditedSample.analyze("healthy", Map.of("nodes/worker-1/iproute/bridge-d-link.txt", hairpinOn,
        "nodes/worker-1/iproute/ip-s-d-link.txt", hairpinOn));
    assertEquals(Verdict.DELIVERED, trace(on, WEB_1, "svc/shop/web").verdict());
    // br_netfilter off: the node routes the translated packet instead of bridging it, and no hairpin is needed
    AnalysisResult routed = EditedSample.analyze("healthy", Map.of("nodes/worker-1/kernel/sysctl.txt",
        replace("net.bridge.bridge-nf-call-iptables = 1", "net.bridge.bridge-nf-call-iptables = 0")));
    assertEquals(Verdict.DELIVERED, trace(routed, WEB_1, "svc/shop/web").verdict());
  }

  @Test
  void anIngressIsWalkedInTwoLegsAndAnUntranslatedClusterIpIsKubeProxysFault() throws Exception {
    // a controller Service (whose pods are the web pods, which serve 8080) that no node's kube-proxy programmed,
    // and an Ingress sending everything to shop/api
    String controller = "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": "
        + "\"ingress-nginx-controller\", \"namespace\": \"shop\"}, \"spec\": {\"clusterIP\": \"10.96.200.1\", "
        + "\"clusterIPs\": [\"10.96.200.1\"], \"selector\": {\"app\": \"web\"}, \"ports\": [{\"name\": \"http\", "
        + "\"port\": 80, \"protocol\": \"TCP\", \"targetPort\": 8080}], \"type\": \"ClusterIP\"}}";
    String ingress = "{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"Ingress\", \"metadata\": {\"name\": "
        + "\"store\", \"namespace\": \"shop\"}, \"spec\": {\"ingressClassName\": \"nginx\", \"defaultBackend\": "
        + "{\"service\": {\"name\": \"api\", \"port\": {\"number\": 80}}}}}";
    AnalysisResult r = EditedSample.analyze("healthy", Map.of(
        "cluster/services.json", t -> t.replaceFirst("\"items\": \\[", "\"items\": [" + controller + ", "),
        "cluster/ingresses.json", t -> t.replace("\"items\": []", "\"items\": [" + ingress + "]")));
    List<Trace> ingress1 = dev.packetwalk.trace.flows.PathMatrix.run(r.cluster(), r.nodes()).stream()
        .filter(x -> x.flow().to().startsWith("ingress/shop/store")).toList();
    assertEquals(2, ingress1.size(), ingress1.stream().map(x -> x.flow().to()).toList().toString());
    Trace toController = ingress1.get(0);
    assertTrue(toController.flow().to().contains(" via svc/shop/ingress-nginx-controller:http"));
    assertEquals(Disposition.NO_ROUTE, toController.breakAt().disposition());
    assertEquals(Component.KUBE_PROXY, toController.breakAt().component());
    Trace toBackend = ingress1.get(1);
    assertTrue(toBackend.flow().to().contains(" backend svc/shop/api:http"));
    assertTrue(toBackend.flow().from().startsWith("pod/shop/web-"), toBackend.flow().from());
    assertEquals(Verdict.DELIVERED, toBackend.verdict());
  }
}
