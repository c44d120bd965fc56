package dev.packetwalk.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.NetworkPolicy;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven checks of NetworkPolicy semantics, one row per rule of the API, over kubectl-shaped objects. */
class NetworkPolicyIntentTest {

  static final String NAMESPACES = """
      apiVersion: v1
      kind: NamespaceList
      items:
      - {kind: Namespace, metadata: {name: shop, labels: {team: shop}}}
      - {kind: Namespace, metadata: {name: monitoring, labels: {team: ops}}}
      - {kind: Namespace, metadata: {name: other}}
      - {kind: Namespace, metadata: {name: locked}}
      - {kind: Namespace, metadata: {name: kube-system}}
      """;

  static final String PODS = """
      apiVersion: v1
      kind: PodList
      items:
      - kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec:
          nodeName: n1
          containers:
          - name: web
            image: nginx:1.25
            ports:
            - {name: http, containerPort: 8080}
            - {name: metrics, containerPort: 9090}
        status: {phase: Running, podIP: 10.244.1.10}
      - kind: Pod
        metadata: {name: api, namespace: shop, labels: {app: api}}
        spec:
          containers:
          - {name: api, image: shop/api:2, ports: [{name: https, containerPort: 8443}]}
        status: {phase: Running, podIP: 10.244.1.11}
      - kind: Pod
        metadata: {name: api-canary, namespace: shop, labels: {app: api, track: canary}}
        spec:
          containers:
          - {name: api, image: shop/api:3}
        status: {phase: Running, podIP: 10.244.1.12}
      - kind: Pod
        metadata: {name: db, namespace: shop, labels: {app: db}}
        spec:
          containers:
          - {name: pg, image: postgres:16, ports: [{containerPort: 5432}]}
        status: {phase: Running, podIP: 10.244.2.12}
      - kind: Pod
        metadata: {name: range, namespace: shop, labels: {app: range}}
        spec:
          containers:
          - {name: media, image: media:1}
        status: {phase: Running, podIP: 10.244.2.13}
      - kind: Pod
        metadata: {name: agent, namespace: shop, labels: {app: api}}
        spec:
          hostNetwork: true
          containers:
          - {name: agent, image: agent:1}
        status: {phase: Running, podIP: 192.168.1.10}
      - kind: Pod
        metadata: {name: prom, namespace: monitoring, labels: {app: prometheus}}
        spec:
          containers:
          - {name: prometheus, image: prom/prometheus}
        status: {phase: Running, podIP: 10.244.2.20}
      - kind: Pod
        metadata: {name: grafana, namespace: monitoring, labels: {app: grafana}}
        spec:
          containers:
          - {name: grafana, image: grafana/grafana}
        status: {phase: Running, podIP: 10.244.2.21}
      - kind: Pod
        metadata: {name: prom, namespace: other, labels: {app: prometheus}}
        spec:
          containers:
          - {name: prometheus, image: prom/prometheus}
        status: {phase: Running, podIP: 10.244.3.31}
      - kind: Pod
        metadata: {name: lookalike, namespace: other, labels: {app: api}}
        spec:
          containers:
          - {name: api, image: shop/api:2}
        status: {phase: Running, podIP: 10.244.3.30}
      - kind: Pod
        metadata: {name: box, namespace: locked, labels: {app: box}}
        spec:
          containers:
          - {name: box, image: busybox}
        status: {phase: Running, podIP: 10.244.4.40}
      - kind: Pod
        metadata: {name: hostpod, namespace: locked, labels: {app: box}}
        spec:
          hostNetwork: true
          containers:
          - {name: box, image: busybox}
        status: {phase: Running, podIP: 192.168.1.11}
      - kind: Pod
        metadata: {name: coredns-1, namespace: kube-system, labels: {k8s-app: kube-dns}}
        spec:
          containers:
          - {name: coredns, image: coredns/coredns, ports: [{name: dns, containerPort: 53, protocol: UDP}]}
        status: {phase: Running, podIP: 10.244.0.5}
      """;

  static final String POLICIES = """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web-ingress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: api}}}]
          ports: [{port: http}]
        - from: [{namespaceSelector: {matchLabels: {team: ops}}, podSelector: {matchLabels: {app: prometheus}}}]
          ports: [{port: 9090, protocol: TCP}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db-ingress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: db}}
        policyTypes: [Ingress]
        ingress:
        - from: [{podSelector: {matchLabels: {app: api}}}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: api-egress, namespace: shop}
      spec:
        podSelector:
          matchLabels: {app: api}
          matchExpressions: [{key: track, operator: NotIn, values: [canary]}]
        policyTypes: [Egress]
        egress:
        - to: [{podSelector: {matchLabels: {app: db}}}]
          ports: [{port: 5432}]
        - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
          ports: [{port: 53, protocol: UDP}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: api-ingress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: api}}
        ingress:
        - from: [{ipBlock: {cidr: 10.244.3.0/24}}]
          ports: [{port: https}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: range, namespace: shop}
      spec:
        podSelector: {matchExpressions: [{key: app, operator: In, values: [range]}]}
        ingress:
        - from: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]
          ports: [{protocol: UDP, port: 30000, endPort: 30100}]
        - from: [{namespaceSelector: {}}]
          ports: [{protocol: SCTP, port: 7777}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny-all, namespace: locked}
      spec:
        podSelector: {}
        policyTypes: [Ingress, Egress]
      """;

  static final Cluster CLUSTER = Fixtures.analyze(List.of(), Map.of("cluster/namespaces.json", NAMESPACES,
      "cluster/pods.json", PODS, "cluster/networkpolicies.json", POLICIES)).cluster();
  static final NetworkPolicyIntent INTENT = new NetworkPolicyIntent(CLUSTER);

  static Endpoint pod(String key) {
    String[] p = key.split("/");
    return Endpoint.of(CLUSTER.pod(p[0], p[1]).orElseThrow(() -> new AssertionError("no pod " + key)));
  }

  static Endpoint ep(String s) {
    return s.contains("/") ? pod(s) : Endpoint.ip(s);
  }

  /** name, src, dst, protocol, port, allowed, src egress-isolated, dst ingress-isolated, allowing rules, note. */
  static Stream<Arguments> rows() {
    return Stream.of(
        row("named port resolves against the destination's containerPort", "shop/api-canary", "shop/web", "TCP",
            8080, true, false, true, "shop/web-ingress#ingress0", ""),
        row("both sides must allow: ingress allows, source egress denies", "shop/api", "shop/web", "TCP", 8080,
            false, true, true, "shop/web-ingress#ingress0", ""),
        row("a port no rule lists is denied at an isolated destination", "shop/api-canary", "shop/web", "TCP", 9090,
            false, false, true, "", ""),
        row("named port matches only its own protocol", "shop/api-canary", "shop/web", "UDP", 8080,
            false, false, true, "", ""),
        row("namespaceSelector AND podSelector: both match", "monitoring/prom", "shop/web", "TCP", 9090,
            true, false, true, "shop/web-ingress#ingress1", ""),
        row("namespaceSelector AND podSelector: pod label differs", "monitoring/grafana", "shop/web", "TCP", 9090,
            false, false, true, "", ""),
        row("namespaceSelector AND podSelector: namespace label differs", "other/prom", "shop/web", "TCP", 9090,
            false, false, true, "", ""),
        row("podSelector alone means the policy's own namespace", "other/lookalike", "shop/web", "TCP", 8080,
            false, false, true, "", ""),
        row("rule without ports allows every port from its peers", "shop/api", "shop/db", "TCP", 5432,
            true, true, true, "shop/api-egress#egress0,shop/db-ingress#ingress0", ""),
        row("egress isolation denies a port its rules do not list", "shop/api", "shop/db", "TCP", 5433,
            false, true, true, "shop/db-ingress#ingress0", ""),
        row("unisolated source, isolated destination without a matching peer", "shop/web", "shop/db", "TCP", 5432,
            false, false, true, "", ""),
        row("namespaceSelector on the implicit kubernetes.io/metadata.name label", "shop/api",
            "kube-system/coredns-1", "UDP", 53, true, true, false, "shop/api-egress#egress1", ""),
        row("DNS allowed on UDP only: TCP 53 denied", "shop/api", "kube-system/coredns-1", "TCP", 53,
            false, true, false, "", ""),
        row("ipBlock with endPort range", "203.0.113.5", "shop/range", "UDP", 30050,
            true, false, true, "shop/range#ingress0", ""),
        row("ipBlock except carves out addresses", "203.0.113.200", "shop/range", "UDP", 30050,
            false, false, true, "", ""),
        row("port beyond endPort", "203.0.113.5", "shop/range", "UDP", 30101, false, false, true, "", ""),
        row("protocol of the port entry must match", "203.0.113.5", "shop/range", "TCP", 30050,
            false, false, true, "", ""),
        row("empty namespaceSelector means pods of every namespace, SCTP", "monitoring/prom", "shop/range", "SCTP",
            7777, true, false, true, "shop/range#ingress1", ""),
        row("selectors never match an external IP", "198.51.100.7", "shop/range", "SCTP", 7777,
            false, false, true, "", ""),
        row("ipBlock applied to a pod IP, with a note", "other/lookalike", "shop/api", "TCP", 8443,
            true, false, true, "shop/api-ingress#ingress0", "ipBlock 10.244.3.0/24"),
        row("default deny with no rules denies egress", "locked/box", "shop/api", "TCP", 8443,
            false, true, true, "", ""),
        row("default deny with no rules denies ingress", "monitoring/prom", "locked/box", "TCP", 80,
            false, false, true, "", ""),
        row("hostNetwork pods are not subject to policies", "locked/hostpod", "other/prom", "TCP", 9090,
            true, false, false, "", "uses hostNetwork"),
        row("pod selectors do not select hostNetwork pods", "shop/agent", "shop/web", "TCP", 8080,
            false, false, true, "", "pod selectors do not select it"),
        row("no policy anywhere: allowed", "other/lookalike", "monitoring/grafana", "TCP", 3000,
            true, false, false, "", ""));
  }

  static Arguments row(String name, String src, String dst, String proto, int port, boolean allowed,
      boolean egressIsolated, boolean ingressIsolated, String allowing, String note) {
    return Arguments.of(name, src, dst, proto, port, allowed, egressIsolated, ingressIsolated, allowing, note);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void evaluates(String name, String src, String dst, String proto, int port, boolean allowed,
      boolean egressIsolated, boolean ingressIsolated, String allowing, String note) {
    Verdict v = INTENT.evaluate(ep(src), ep(dst), proto, port);
    assertEquals(allowed ? Verdict.Decision.ALLOWED : Verdict.Decision.DENIED, v.decision(), name);
    assertEquals(egressIsolated, v.sourceEgressIsolated(), "source egress-isolated");
    assertEquals(ingressIsolated, v.destinationIngressIsolated(), "destination ingress-isolated");
    String rules = Stream.concat(v.egress().allowing().stream().map(m -> key(m, "egress")),
        v.ingress().allowing().stream().map(m -> key(m, "ingress"))).collect(Collectors.joining(","));
    assertEquals(allowing, rules, "allowing rules");
    if (note.isEmpty()) {
      assertTrue(v.notes().isEmpty(), () -> "unexpected notes " + v.notes());
    } else {
      assertTrue(v.notes().stream().anyMatch(n -> n.contains(note)), () -> "notes " + v.notes());
    }
  }

  private static String key(Verdict.RuleMatch m, String dir) {
    return m.policy().meta().key() + "#" + dir + m.ruleIndex();
  }

  @Test
  void ruleMatchesCiteTheRuleInTheBundle() {
    Verdict v = INTENT.evaluate(pod("shop/api-canary"), pod("shop/web"), "TCP", 8080);
    var ref = v.ingress().allowing().get(0).ref();
    assertEquals("cluster/networkpolicies.json", ref.file());
    assertEquals("/spec/ingress/0", ref.pointer());
    assertTrue(ref.line() > 0);
  }

  @Test
  void isolatingPoliciesAreNamed() {
    Verdict v = INTENT.evaluate(pod("locked/box"), pod("shop/api"), "TCP", 8443);
    assertEquals(Direction.EGRESS, v.denyingSide().orElseThrow().direction());
    assertEquals("locked/deny-all", v.egress().isolatingNames());
    assertEquals("shop/api-egress, shop/api-ingress",
        Stream.of(Direction.EGRESS, Direction.INGRESS).flatMap(d -> INTENT.isolating(
            CLUSTER.pod("shop", "api").orElseThrow(), d).stream()).map(p -> p.meta().key())
            .collect(Collectors.joining(", ")));
  }

  @Test
  void selectedAndPeerPods() {
    NetworkPolicy web = CLUSTER.networkPolicies().stream().filter(p -> p.meta().name().equals("web-ingress"))
        .findFirst().orElseThrow();
    assertEquals(List.of("shop/web"), web.podSelector().matches(Map.of("app", "web")) ? names(INTENT.selectedPods(web))
        : List.of());
    assertEquals(List.of("shop/api", "shop/api-canary"), names(INTENT.peerPods(web, web.ingress().get(0).peers().get(0))));
    assertEquals(List.of("monitoring/prom"), names(INTENT.peerPods(web, web.ingress().get(1).peers().get(0))));
    NetworkPolicy deny = CLUSTER.networkPolicies().stream().filter(p -> p.meta().name().equals("deny-all"))
        .findFirst().orElseThrow();
    assertEquals(List.of("locked/box"), names(INTENT.selectedPods(deny)), "hostNetwork pods are not selected");
    assertEquals("kube-system", INTENT.namespaceLabels("kube-system").get("kubernetes.io/metadata.name"));
    assertEquals(List.of("monitoring"), INTENT.namespacesMatching(
        dev.packetwalk.model.cluster.LabelSelector.of(Map.of("team", "ops"))));
  }

  @Test
  void withoutNamespacesOnlyTheNameLabelIsKnownAndSaidSo() {
    Cluster c = Fixtures.analyze(List.of(), Map.of("cluster/pods.json", PODS,
        "cluster/networkpolicies.json", POLICIES)).cluster();
    NetworkPolicyIntent intent = new NetworkPolicyIntent(c);
    Verdict v = intent.evaluate(Endpoint.of(c.pod("shop", "api").orElseThrow()),
        Endpoint.of(c.pod("kube-system", "coredns-1").orElseThrow()), "UDP", 53);
    assertTrue(v.allowed());
    assertTrue(v.notes().stream().anyMatch(n -> n.contains("not collected")), v.notes()::toString);
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.meta().key()).toList();
  }
}
