package dev.packetwalk.check.policy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.intent.Direction;
import dev.packetwalk.intent.Endpoint;
import dev.packetwalk.intent.NetworkPolicyIntent;
import dev.packetwalk.intent.Verdict;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.NetworkPolicy;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Egress-isolated pods whose policies do not let them reach the cluster DNS on UDP 53 and/or TCP 53 (Cyclonus'
 * CheckDNSBlockedOnUDP/TCP, evaluated against the actual DNS pods rather than the policy text alone).
 */
public final class NetpolBlocksDns implements Check {
  static final CheckInfo INFO = new CheckInfo("netpol-blocks-dns", "NetworkPolicy blocks cluster DNS",
      Severity.ERROR, Layer.KUBERNETES,
      "Finds egress-isolated pods that NetworkPolicy does not allow to reach the cluster DNS on UDP or TCP port 53.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  /** The DNS targets: backend pods when known, else the Service ClusterIP. */
  private record Dns(Service service, List<Pod> pods, String label) {}

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.NETWORK_POLICIES, Cluster.Kind.PODS)) return List.of();
    Cluster cluster = ctx.cluster();
    Optional<Dns> found = dns(cluster);
    if (found.isEmpty()) {
      ctx.insufficient("no cluster DNS Service (kube-system/kube-dns, selector k8s-app=kube-dns) or DNS pods in the"
          + " bundle");
      return List.of();
    }
    Dns dns = found.get();
    if (dns.pods().isEmpty() && (dns.service() == null || dns.service().clusterIP().isEmpty()
        || dns.service().headless())) {
      ctx.insufficient("the DNS Service has neither pods nor a ClusterIP in the bundle");
      return List.of();
    }
    NetworkPolicyIntent intent = new NetworkPolicyIntent(cluster);
    Map<String, List<Pod>> groups = new LinkedHashMap<>();
    Map<String, List<NetworkPolicy>> isolatingOf = new LinkedHashMap<>();
    for (Pod pod : cluster.pods()) {
      if (pod.terminal() || pod.hostNetwork() || dns.pods().contains(pod)) continue;
      List<NetworkPolicy> isolating = intent.isolating(pod, Direction.EGRESS);
      if (isolating.isEmpty()) continue;
      boolean udp = reaches(intent, pod, dns, "UDP");
      boolean tcp = reaches(intent, pod, dns, "TCP");
      if (udp && tcp) continue;
      String key = pod.meta().namespace() + "|" + isolating.stream().map(p -> p.meta().name())
          .collect(Collectors.joining(",")) + "|" + udp + "|" + tcp;
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(pod);
      isolatingOf.putIfAbsent(key, isolating);
    }
    List<Finding> out = new ArrayList<>();
    groups.forEach((key, pods) -> out.add(finding(ctx, dns, pods, isolatingOf.get(key),
        key.endsWith("|true|false"), key.endsWith("|false|true"))));
    return out;
  }

  private Finding finding(CheckContext ctx, Dns dns, List<Pod> pods, List<NetworkPolicy> isolating, boolean udpOnly,
      boolean tcpOnly) {
    NetworkPolicy first = isolating.get(0);
    String ns = first.meta().namespace();
    String names = pods.stream().limit(10).map(p -> p.meta().name()).collect(Collectors.joining(", "))
        + (pods.size() > 10 ? " and " + (pods.size() - 10) + " more" : "");
    String blocked = udpOnly ? "TCP 53" : tcpOnly ? "UDP 53" : "UDP 53 and TCP 53";
    String policies = isolating.stream().map(p -> p.meta().key()).collect(Collectors.joining(", "));
    String why = udpOnly
        ? " UDP 53 is allowed but TCP 53 is not: ordinary lookups work, but answers too large for UDP (many"
            + " records, DNSSEC, long TXT) come back truncated and the resolver's retry over TCP is dropped, so large"
            + " answers fail or time out."
        : tcpOnly ? " Only TCP 53 is allowed; resolvers ask over UDP first, so almost every lookup times out."
        : " Every lookup times out; the application sees name resolution failures rather than connection errors.";
    List<Evidence> evidence = new ArrayList<>();
    for (NetworkPolicy p : isolating) {
      evidence.add(ctx.evidence(p.podSelectorRef(), "isolates " + p.podSelector() + " for egress; no rule allows "
          + blocked + " to the DNS"));
    }
    if (dns.service() != null) {
      dns.service().ports().stream().filter(sp -> sp.port() == 53).forEach(sp -> evidence.add(ctx.evidence(sp.ref(),
          "cluster DNS Service " + dns.service().meta().key() + " port " + sp.label())));
    }
    dns.pods().stream().limit(2).forEach(p -> evidence.add(ctx.evidence(p.meta().ref(), "a DNS pod")));
    pods.stream().limit(3).forEach(p -> evidence.add(ctx.evidence(p.meta().ref(), "an affected pod")));
    String target = dns.pods().isEmpty()
        ? "the DNS Service ClusterIP " + dns.service().clusterIP() + " (no DNS pods are in the bundle, so the"
            + " ClusterIP was evaluated as an IP peer; real enforcement sees the pod IPs after DNAT)"
        : dns.label();
    return ctx.finding(Subject.of("NetworkPolicy", ns, first.meta().name()),
            "NetworkPolicy " + first.meta().key() + " blocks DNS (" + blocked + ") for " + pods.size() + " pod(s)")
        .explain("Pods " + names + " in namespace " + ns + " are isolated for egress by " + policies
            + ", and no egress rule allows " + blocked + " to " + target + "." + why)
        .remedy("Add an egress rule to " + first.meta().key() + " (or a separate policy selecting the same pods):"
            + " to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector:"
            + " {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]"
            + " — use the DNS pods' container port if it is not 53.")
        .evidence(evidence).build();
  }

  private static boolean reaches(NetworkPolicyIntent intent, Pod pod, Dns dns, String protocol) {
    Endpoint src = Endpoint.of(pod);
    if (dns.pods().isEmpty()) {
      return intent.evaluate(src, Endpoint.ip(dns.service().clusterIP()), protocol, 53).allowed();
    }
    for (Pod d : dns.pods()) {
      Verdict v = intent.evaluate(src, Endpoint.of(d), protocol, targetPort(dns.service(), d, protocol));
      if (v.allowed()) return true;
    }
    return false;
  }

  /** The pod port DNS on 53 is forwarded to: the Service's targetPort, resolved by name on the pod. */
  static int targetPort(Service svc, Pod pod, String protocol) {
    if (svc == null) return 53;
    for (ServicePort sp : svc.ports()) {
      if (sp.port() != 53 || !sp.protocol().equalsIgnoreCase(protocol)) continue;
      if (sp.targetPort().isNumber()) return sp.targetPort().number();
      return pod.containers().stream().flatMap(c -> c.ports().stream())
          .filter(cp -> cp.name().equals(sp.targetPort().name()) && cp.protocol().equalsIgnoreCase(protocol))
          .map(cp -> cp.containerPort()).findFirst().orElse(53);
    }
    return 53;
  }

  static Optional<Dns> dns(Cluster cluster) {
    Service svc = cluster.service("kube-system", "kube-dns").orElse(null);
    if (svc == null) {
      svc = cluster.services().stream().filter(s -> s.hasSelector()
          && "kube-dns".equals(s.selector().matchLabels().get("k8s-app"))).findFirst().orElse(null);
    }
    List<Pod> pods = svc != null ? cluster.selectedPods(svc) : cluster.podsIn("kube-system").stream()
        .filter(p -> !p.terminal() && "kube-dns".equals(p.meta().labels().get("k8s-app"))).toList();
    if (svc == null && pods.isEmpty()) return Optional.empty();
    String label = (svc != null ? "Service " + svc.meta().key() + " " : "") + "(pods "
        + pods.stream().map(p -> p.meta().key()).collect(Collectors.joining(", ")) + ")";
    return Optional.of(new Dns(svc, pods, label));
  }
}
