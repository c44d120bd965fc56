package dev.packetwalk.report;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.BreakAt;
import dev.packetwalk.trace.Component;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Hop.Direction;
import dev.packetwalk.trace.Hop.Place;
import dev.packetwalk.trace.Narrowing;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hand-built traces of a two-node Flannel (VXLAN) cluster with kube-proxy in iptables mode, the way the tracer is
 * meant to produce them: every step cites a line of the node evidence below, and the line really says it. Five
 * paths: a Service call with two working endpoints, one with a stale endpoint (partial), a cross-node call dropped
 * by node-b's FORWARD policy (broken, narrowed), a Service without endpoints, and a DNS lookup towards a node whose
 * ruleset was not collected.
 */
final class PathFixtures {
  private PathFixtures() {}

  static final String NODE_A = "node-a";
  static final String NODE_B = "node-b";
  static final String CLIENT = "shop/frontend-7d9f8b6c5-abcde";
  static final String NETNS = "cni-1f2e3d4c";

  /** The node evidence the steps cite, as the collector writes it. */
  static final Map<String, String> FILES = new TreeMap<>(Map.ofEntries(
      Map.entry("nodes/node-a/netns/cni-1f2e3d4c/ip-route.txt", """
          default via 10.244.0.1 dev eth0
          10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.12
          10.244.0.0/16 via 10.244.0.1 dev eth0
          """),
      Map.entry("nodes/node-a/iproute/ip-s-d-link.txt", """
          4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default
              vxlan id 1 local 192.168.10.11 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300
          5: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000
          7: veth3a1c2b4d@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP mode DEFAULT
          9: veth55aa66bb@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP mode DEFAULT
          """),
      Map.entry("nodes/node-a/iproute/ip-route-table-all.txt", """
          default via 192.168.10.1 dev eth0 proto dhcp src 192.168.10.11 metric 100
          10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1
          10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
          192.168.10.0/24 dev eth0 proto kernel scope link src 192.168.10.11
          """),
      Map.entry("nodes/node-a/iproute/bridge-fdb.txt", """
          6e:21:5a:0c:3f:9d dev flannel.1 dst 192.168.10.12 self permanent
          """),
      Map.entry("nodes/node-a/iproute/ip-neigh.txt", """
          10.244.1.0 dev flannel.1 lladdr 6e:21:5a:0c:3f:9d PERMANENT
          10.244.0.21 dev cni0 lladdr 0a:58:0a:f4:00:15 REACHABLE
          """),
      Map.entry("nodes/node-a/netfilter/iptables-save.txt", """
          *nat
          :PREROUTING ACCEPT [0:0]
          :POSTROUTING ACCEPT [0:0]
          :KUBE-SERVICES - [0:0]
          [0:0] -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
          [0:0] -A KUBE-SERVICES -d 10.96.100.20/32 -p tcp -m comment --comment "shop/api:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-ZX7GRIZKSNUQ3LAJ
          [0:0] -A KUBE-SERVICES -d 10.96.100.30/32 -p tcp -m comment --comment "shop/cart:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CART4STALE2ENDPT
          [0:0] -A KUBE-SVC-ZX7GRIZKSNUQ3LAJ -m comment --comment "shop/api:http -> 10.244.0.21:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-OKMBE2ZVQCRZ4TLV
          [0:0] -A KUBE-SVC-ZX7GRIZKSNUQ3LAJ -m comment --comment "shop/api:http -> 10.244.1.31:8080" -j KUBE-SEP-6GQNX3JXUNU3ZQ4Q
          [0:0] -A KUBE-SEP-OKMBE2ZVQCRZ4TLV -p tcp -m comment --comment "shop/api:http" -m tcp -j DNAT --to-destination 10.244.0.21:8080
          [0:0] -A KUBE-SEP-6GQNX3JXUNU3ZQ4Q -p tcp -m comment --comment "shop/api:http" -m tcp -j DNAT --to-destination 10.244.1.31:8080
          [0:0] -A KUBE-SVC-CART4STALE2ENDPT -m comment --comment "shop/cart:http -> 10.244.0.22:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-CARTAAAAAAAAAAAA
          [0:0] -A KUBE-SVC-CART4STALE2ENDPT -m comment --comment "shop/cart:http -> 10.244.1.99:8080" -j KUBE-SEP-CARTBBBBBBBBBBBB
          [0:0] -A KUBE-SEP-CARTAAAAAAAAAAAA -p tcp -m comment --comment "shop/cart:http" -m tcp -j DNAT --to-destination 10.244.0.22:8080
          [0:0] -A KUBE-SEP-CARTBBBBBBBBBBBB -p tcp -m comment --comment "shop/cart:http" -m tcp -j DNAT --to-destination 10.244.1.99:8080
          COMMIT
          *filter
          :FORWARD DROP [0:0]
          :KUBE-SERVICES - [0:0]
          [0:0] -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
          [0:0] -A FORWARD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT
          [12:720] -A KUBE-SERVICES -d 10.96.7.7/32 -p tcp -m comment --comment "shop/payments:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable
          COMMIT
          """),
      Map.entry("nodes/node-b/iproute/ip-s-d-link.txt", """
          4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default
              vxlan id 1 local 192.168.10.12 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300
          5: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000
          """),
      Map.entry("nodes/node-b/iproute/ip-route-table-all.txt", """
          default via 192.168.10.1 dev eth0 proto dhcp src 192.168.10.12 metric 100
          10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink
          10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1
          """),
      Map.entry("nodes/node-b/iproute/ip-neigh.txt", """
          10.244.1.31 dev cni0 lladdr 0a:58:0a:f4:01:1f REACHABLE
          10.244.1.99 dev cni0 FAILED
          10.244.1.40 dev cni0 lladdr 0a:58:0a:f4:01:28 STALE
          """),
      Map.entry("nodes/node-b/netfilter/iptables-save.txt", """
          *filter
          :INPUT ACCEPT [0:0]
          :FORWARD DROP [1843:110580]
          :OUTPUT ACCEPT [0:0]
          :DOCKER-USER - [0:0]
          [0:0] -A FORWARD -j DOCKER-USER
          [0:0] -A DOCKER-USER -j RETURN
          COMMIT
          """),
      Map.entry("nodes/node-b/netns/cni-9a8b7c6d/ss-ltnup.txt", """
          Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
          tcp   LISTEN 0      4096         *:8080            *:*     users:(("api",pid=2211,fd=7))
          """),
      Map.entry("nodes/node-b/collector.log", """
          2024-05-01T10:01:12Z netfilter: iptables-save -c: exit 127: iptables-save: command not found
          2024-05-01T10:01:12Z netfilter: nft list ruleset: exit 127: nft: command not found
          """)));

  /** The step's line: the first line of {@code file} that contains {@code needle}. */
  static SourceRef at(String file, String needle) {
    String[] lines = FILES.get(file).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(needle)) return SourceRef.line(file, i + 1);
    }
    throw new AssertionError("fixture evidence: no line with " + needle + " in " + file);
  }

  /** Quotes the fixture evidence, as the bundle's evidence source would. */
  static final PathExcerpts EXCERPTS = ref -> {
    String text = FILES.get(ref.file());
    if (text == null || ref.line() <= 0) return "";
    String[] lines = text.split("\n", -1);
    return ref.line() <= lines.length ? lines[ref.line() - 1].strip() : "";
  };

  private static final String A_NS_ROUTES = "nodes/node-a/netns/cni-1f2e3d4c/ip-route.txt";
  private static final String A_LINKS = "nodes/node-a/iproute/ip-s-d-link.txt";
  private static final String A_ROUTES = "nodes/node-a/iproute/ip-route-table-all.txt";
  private static final String A_FDB = "nodes/node-a/iproute/bridge-fdb.txt";
  private static final String A_NEIGH = "nodes/node-a/iproute/ip-neigh.txt";
  private static final String A_IPT = "nodes/node-a/netfilter/iptables-save.txt";
  private static final String B_LINKS = "nodes/node-b/iproute/ip-s-d-link.txt";
  private static final String B_ROUTES = "nodes/node-b/iproute/ip-route-table-all.txt";
  private static final String B_NEIGH = "nodes/node-b/iproute/ip-neigh.txt";
  private static final String B_IPT = "nodes/node-b/netfilter/iptables-save.txt";

  static Flow flow(String client, String to, Proto proto, String dst, int port) {
    return new Flow("pod/" + client, to, proto, "10.244.0.12", Flow.EPHEMERAL_PORT, dst, port,
        new Flow.Start(Flow.Start.Kind.POD, NODE_A, NETNS, client), 60, 1200);
  }

  /** The client's own namespace: its route out, and the host side of its veth. */
  static List<Hop> leaveClient(String client) {
    return List.of(
        new Hop(NODE_A, Place.POD, "pod " + client, Direction.REQUEST, List.of(
            new Step.RoutingLookup("main", "default via 10.244.0.1 dev eth0", "via 10.244.0.1 dev eth0",
                at(A_NS_ROUTES, "default via")))));
  }

  private static Step.EnterInterface veth() {
    return new Step.EnterInterface("veth3a1c2b4d", "veth", "host side of the client's eth0, bridge port of cni0",
        at(A_LINKS, "veth3a1c2b4d"));
  }

  private static List<Step> crossToB() {
    return List.of(
        new Step.RoutingLookup("main", "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink",
            "via 10.244.1.0 dev flannel.1", at(A_ROUTES, "10.244.1.0/24")),
        new Step.ChainEvaluation("filter", "FORWARD", 2, "ACCEPT", "-s 10.244.0.0/16, flanneld forward",
            at(A_IPT, "flanneld forward")),
        new Step.NeighbourLookup("10.244.1.0", "flannel.1", "6e:21:5a:0c:3f:9d", "PERMANENT", false,
            at(A_NEIGH, "10.244.1.0 dev flannel.1")),
        new Step.NeighbourLookup("6e:21:5a:0c:3f:9d", "flannel.1", "192.168.10.12", "permanent", true,
            at(A_FDB, "dst 192.168.10.12")),
        new Step.Encapsulation("VXLAN", "flannel.1", "192.168.10.11", "192.168.10.12",
            at(A_LINKS, "vxlan id 1 local 192.168.10.11")));
  }

  private static Hop underlay() {
    return new Hop("", Place.UNDERLAY, "underlay 192.168.10.11 → 192.168.10.12", Direction.REQUEST, List.of(
        new Step.EnterInterface("eth0", "physical", "udp/8472 to node-b", at(B_LINKS, "vxlan id 1 local"))));
  }

  private static List<Step> arriveB() {
    return List.of(new Step.Decapsulation("VXLAN", "flannel.1", at(B_LINKS, "vxlan id 1 local 192.168.10.12")));
  }

  /** Client → node-a ({@code onA} after the veth, then across) → underlay → node-b ({@code onB} after decap). */
  private static List<Hop> toNodeB(String client, List<Step> onA, List<Step> onB) {
    List<Hop> hops = new ArrayList<>(leaveClient(client));
    List<Step> a = new ArrayList<>(List.of(veth()));
    a.addAll(onA);
    a.addAll(crossToB());
    hops.add(new Hop(NODE_A, Place.NODE, "node node-a", Direction.REQUEST, a));
    hops.add(underlay());
    List<Step> b = new ArrayList<>(arriveB());
    b.addAll(onB);
    hops.add(new Hop(NODE_B, Place.NODE, "node node-b", Direction.REQUEST, b));
    return hops;
  }

  private static Step routeToCni0OnB() {
    return new Step.RoutingLookup("main", "10.244.1.0/24 dev cni0", "dev cni0", at(B_ROUTES, "dev cni0"));
  }

  /** DELIVERED: ClusterIP with two endpoints, one on each node, p=0.5 each. */
  static Trace delivered(String client) {
    Flow f = flow(client, "svc/shop/api:http", Proto.TCP, "10.96.100.20", 80);
    Step toServices = new Step.ChainEvaluation("nat", "PREROUTING", 1, "jump KUBE-SERVICES",
        "kubernetes service portals", at(A_IPT, "-A PREROUTING"));
    Step toSvc = new Step.ChainEvaluation("nat", "KUBE-SERVICES", 1, "jump KUBE-SVC-ZX7GRIZKSNUQ3LAJ",
        "shop/api:http cluster IP", at(A_IPT, "shop/api:http cluster IP"));
    List<Hop> local = new ArrayList<>(leaveClient(client));
    local.add(new Hop(NODE_A, Place.NODE, "node node-a", Direction.REQUEST, List.of(veth(), toServices, toSvc,
        new Step.ChainEvaluation("nat", "KUBE-SVC-ZX7GRIZKSNUQ3LAJ", 1, "jump KUBE-SEP-OKMBE2ZVQCRZ4TLV",
            "statistic random 0.5", at(A_IPT, "-> 10.244.0.21:8080")),
        new Step.NatTransformation("DNAT", "10.96.100.20:80", "10.244.0.21:8080",
            at(A_IPT, "--to-destination 10.244.0.21:8080")),
        new Step.Conntrack("new", "tcp 10.244.0.12:40000 → 10.244.0.21:8080, reply un-DNATs", SourceRef.NONE),
        new Step.RoutingLookup("main", "10.244.0.0/24 dev cni0", "dev cni0", at(A_ROUTES, "10.244.0.0/24 dev cni0")),
        new Step.NeighbourLookup("10.244.0.21", "cni0", "0a:58:0a:f4:00:15", "REACHABLE", false,
            at(A_NEIGH, "10.244.0.21")))));
    local.add(new Hop(NODE_A, Place.POD, "pod shop/api-5c6d7e8f9-aaaaa", Direction.REQUEST, List.of(
        new Step.Deliver("shop/api-5c6d7e8f9-aaaaa:8080", "api listens on *:8080", SourceRef.NONE))));
    local.add(new Hop(NODE_A, Place.NODE, "node node-a", Direction.REPLY, List.of(
        new Step.NatTransformation("un-DNAT", "10.244.0.21:8080", "10.96.100.20:80", SourceRef.NONE))));
    Branch one = new Branch(0.5, List.of("KUBE-SEP-OKMBE2ZVQCRZ4TLV"), Disposition.DELIVERED, local, null);

    List<Hop> remote = new ArrayList<>(toNodeB(client, List.of(toServices, toSvc,
        new Step.ChainEvaluation("nat", "KUBE-SVC-ZX7GRIZKSNUQ3LAJ", 2, "jump KUBE-SEP-6GQNX3JXUNU3ZQ4Q",
            "the remaining 0.5", at(A_IPT, "-> 10.244.1.31:8080")),
        new Step.NatTransformation("DNAT", "10.96.100.20:80", "10.244.1.31:8080",
            at(A_IPT, "--to-destination 10.244.1.31:8080"))),
        List.of(routeToCni0OnB(), new Step.NeighbourLookup("10.244.1.31", "cni0", "0a:58:0a:f4:01:1f", "REACHABLE",
            false, at(B_NEIGH, "10.244.1.31")))));
    remote.add(new Hop(NODE_B, Place.POD, "pod shop/api-5c6d7e8f9-bbbbb", Direction.REQUEST, List.of(
        new Step.Deliver("shop/api-5c6d7e8f9-bbbbb:8080", "api listens on *:8080",
            at("nodes/node-b/netns/cni-9a8b7c6d/ss-ltnup.txt", "*:8080")))));
    Branch two = new Branch(0.5, List.of("KUBE-SEP-6GQNX3JXUNU3ZQ4Q"), Disposition.DELIVERED, remote, null);
    return Trace.of(f, List.of(one, two));
  }

  /** PARTIAL: one of the two endpoints is a deleted pod's address; its neighbour entry on node-b is FAILED. */
  static Trace partial(String client) {
    Flow f = flow(client, "svc/shop/cart:http", Proto.TCP, "10.96.100.30", 80);
    Step toSvc = new Step.ChainEvaluation("nat", "KUBE-SERVICES", 2, "jump KUBE-SVC-CART4STALE2ENDPT",
        "shop/cart:http cluster IP", at(A_IPT, "shop/cart:http cluster IP"));
    List<Hop> good = new ArrayList<>(leaveClient(client));
    good.add(new Hop(NODE_A, Place.NODE, "node node-a", Direction.REQUEST, List.of(veth(), toSvc,
        new Step.ChainEvaluation("nat", "KUBE-SVC-CART4STALE2ENDPT", 1, "jump KUBE-SEP-CARTAAAAAAAAAAAA",
            "statistic random 0.5", at(A_IPT, "-> 10.244.0.22:8080")),
        new Step.NatTransformation("DNAT", "10.96.100.30:80", "10.244.0.22:8080",
            at(A_IPT, "--to-destination 10.244.0.22:8080")),
        new Step.RoutingLookup("main", "10.244.0.0/24 dev cni0", "dev cni0", at(A_ROUTES, "10.244.0.0/24 dev")))));
    good.add(new Hop(NODE_A, Place.POD, "pod shop/cart-6f7a8b9c0-ccccc", Direction.REQUEST, List.of(
        new Step.Deliver("shop/cart-6f7a8b9c0-ccccc:8080", "", SourceRef.NONE))));
    Branch ok = new Branch(0.5, List.of("KUBE-SEP-CARTAAAAAAAAAAAA"), Disposition.DELIVERED, good, null);

    Step stale = new Step.NeighbourLookup("10.244.1.99", "cni0", "", "FAILED", false, at(B_NEIGH, "10.244.1.99"));
    List<Hop> bad = toNodeB(client, List.of(toSvc,
        new Step.ChainEvaluation("nat", "KUBE-SVC-CART4STALE2ENDPT", 2, "jump KUBE-SEP-CARTBBBBBBBBBBBB",
            "the remaining 0.5", at(A_IPT, "-> 10.244.1.99:8080")),
        new Step.NatTransformation("DNAT", "10.96.100.30:80", "10.244.1.99:8080",
            at(A_IPT, "--to-destination 10.244.1.99:8080"))), List.of(routeToCni0OnB(), stale));
    BreakAt b = new BreakAt(NODE_B, Component.KUBE_PROXY, Disposition.NEIGHBOR_UNREACHABLE, stale);
    Branch failing = new Branch(0.5, List.of("KUBE-SEP-CARTBBBBBBBBBBBB"), Disposition.NEIGHBOR_UNREACHABLE, bad, b);
    return Trace.of(f, List.of(ok, failing));
  }

  /** BROKEN: pod on node-a → pod on node-b, dropped by node-b's FORWARD policy; narrowed. */
  static Trace broken(String client) {
    Flow f = flow(client, "pod/db/postgres-0", Proto.TCP, "10.244.1.40", 5432);
    Step policy = new Step.ChainEvaluation("filter", "FORWARD", 0, "policy DROP",
        "no rule accepts 10.244.1.0/24; DOCKER-USER returned", at(B_IPT, ":FORWARD DROP"));
    List<Hop> hops = toNodeB(client, List.of(), List.of(routeToCni0OnB(),
        new Step.ChainEvaluation("filter", "FORWARD", 1, "jump DOCKER-USER", "", at(B_IPT, "-j DOCKER-USER")),
        new Step.ChainEvaluation("filter", "DOCKER-USER", 1, "RETURN", "", at(B_IPT, "-A DOCKER-USER")),
        policy,
        new Step.Drop(Disposition.DENIED_IN, "FORWARD policy DROP on node-b", at(B_IPT, ":FORWARD DROP"))));
    BreakAt b = new BreakAt(NODE_B, Component.FIREWALL, Disposition.DENIED_IN, policy);
    Trace t = Trace.of(f, List.of(new Branch(1.0, List.of(), Disposition.DENIED_IN, hops, b)));
    Flow fromNode = new Flow("node/node-a", "pod/db/postgres-0", Proto.TCP, "192.168.10.11", Flow.EPHEMERAL_PORT,
        "10.244.1.40", 5432, new Flow.Start(Flow.Start.Kind.NODE, NODE_A, "", ""), 60, 1200);
    Flow sameNode = new Flow("pod/db/pgbouncer-5d4c3b2a1-zzzzz", "pod/db/postgres-0", Proto.TCP, "10.244.1.41",
        Flow.EPHEMERAL_PORT, "10.244.1.40", 5432, new Flow.Start(Flow.Start.Kind.POD, NODE_B, "cni-77aa88bb",
        "db/pgbouncer-5d4c3b2a1-zzzzz"), 60, 1200);
    return t.withNarrowing(new Narrowing(List.of(
        new Narrowing.Variant("pod IP instead of ClusterIP", null, null, null,
            "the destination is a pod IP already"),
        new Narrowing.Variant("from the node", fromNode, Verdict.BROKEN, b, ""),
        new Narrowing.Variant("from a pod on the same node", sameNode, Verdict.DELIVERED, null, ""),
        new Narrowing.Variant("without NetworkPolicy", f, Verdict.BROKEN, b, "no NetworkPolicy selects either pod")),
        Component.FIREWALL, "Only packets that node-b forwards from another node fail, whatever their source: "
        + "node-b's FORWARD chain drops by policy and no rule accepts the pod network 10.244.0.0/16."));
  }

  /** REJECTED_NO_ENDPOINTS: kube-proxy's REJECT for a Service whose only pod is gone. */
  static Trace noEndpoints(String client) {
    Flow f = flow(client, "svc/shop/payments:http", Proto.TCP, "10.96.7.7", 80);
    Step reject = new Step.ChainEvaluation("filter", "KUBE-SERVICES", 1, "REJECT icmp-port-unreachable",
        "shop/payments:http has no endpoints", at(A_IPT, "has no endpoints"));
    List<Hop> hops = new ArrayList<>(leaveClient(client));
    hops.add(new Hop(NODE_A, Place.NODE, "node node-a", Direction.REQUEST, List.of(veth(),
        new Step.ChainEvaluation("nat", "PREROUTING", 1, "jump KUBE-SERVICES", "no KUBE-SVC chain matches",
            at(A_IPT, "-A PREROUTING")),
        new Step.RoutingLookup("main", "default via 192.168.10.1 dev eth0", "via 192.168.10.1 dev eth0",
            at(A_ROUTES, "default via")),
        new Step.ChainEvaluation("filter", "FORWARD", 1, "jump KUBE-SERVICES", "ctstate NEW",
            at(A_IPT, "-A FORWARD -m conntrack")),
        reject)));
    BreakAt b = new BreakAt(NODE_A, Component.KUBE_PROXY, Disposition.REJECTED_NO_ENDPOINTS, reject);
    return Trace.of(f, List.of(new Branch(1.0, List.of(), Disposition.REJECTED_NO_ENDPOINTS, hops, b)));
  }

  /** INSUFFICIENT_INFO: DNS over UDP to a CoreDNS pod on node-b, whose ruleset the collector could not read. */
  static Trace insufficient(String client) {
    Flow f = flow(client, "pod/kube-system/coredns-5d78c9869d-fghij", Proto.UDP, "10.244.1.53", 53);
    Step unknown = new Step.Drop(Disposition.INSUFFICIENT_INFO, "node-b's netfilter rules were not collected",
        at("nodes/node-b/collector.log", "iptables-save -c: exit 127"));
    List<Hop> hops = toNodeB(client, List.of(), List.of(unknown));
    BreakAt b = new BreakAt(NODE_B, Component.EVIDENCE, Disposition.INSUFFICIENT_INFO, unknown);
    return Trace.of(f, List.of(new Branch(Double.NaN, List.of(), Disposition.INSUFFICIENT_INFO, hops, b)));
  }

  static List<Trace> all(String client) {
    return List.of(delivered(client), partial(client), broken(client), noEndpoints(client), insufficient(client));
  }

  static List<Trace> all() {
    return all(CLIENT);
  }

  /** {@code r} with {@code paths} as its traced paths. */
  static AnalysisResult withPaths(AnalysisResult r, List<Trace> paths) {
    return new AnalysisResult(r.analyzerVersion(), r.sources(), r.manifest(), r.coverage(), r.problems(),
        r.cluster(), r.nodes(), r.checks(), r.findings(), r.captures(), paths, r.evidence(),
        r.capturePaths());
  }
}
