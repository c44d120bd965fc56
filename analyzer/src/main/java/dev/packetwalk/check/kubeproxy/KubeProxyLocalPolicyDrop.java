package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.parse.nft.NftElement;
import dev.packetwalk.parse.nft.NftRule;
import dev.packetwalk.parse.nft.NftSet;
import dev.packetwalk.parse.nft.NftTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * kube-proxy's "has no local endpoints" drops: a Service with {@code externalTrafficPolicy: Local} (external IPs,
 * LoadBalancer IPs, nodePorts) or {@code internalTrafficPolicy: Local} (ClusterIP) has no ready endpoint on this node,
 * so the node drops that traffic instead of forwarding it. iptables: DROP rules in KUBE-EXTERNAL-SERVICES /
 * KUBE-SERVICES; nftables: {@code drop} elements of {@code no-endpoint-services} / {@code no-endpoint-nodeports}.
 */
public final class KubeProxyLocalPolicyDrop implements Check {
  static final CheckInfo INFO = new CheckInfo("kube-proxy-local-policy-drop",
      "kube-proxy drops Local-policy traffic on a node without local endpoints", Severity.WARNING, Layer.KUBERNETES,
      "Finds kube-proxy's \"has no local endpoints\" drops (iptables rules, nftables map elements), matched to their "
          + "Service, with counters.");
  private static final String SUFFIX = " has no local endpoints";

  /** One drop for one Service port: what it matches and the line. */
  record Drop(String what, boolean external, long packets, Evidence evidence) {}

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : KubeProxyNodes.withRules(ctx)) {
      TreeMap<String, List<Drop>> byPort = new TreeMap<>();
      for (NfRule r : n.netfilter().rules()) {
        if (!r.target().equals("DROP") || !r.comment().endsWith(SUFFIX)) continue;
        String port = r.comment().substring(0, r.comment().length() - SUFFIX.length());
        boolean external = r.chain().equals("KUBE-EXTERNAL-SERVICES");
        String dport = r.option(r.option("protocol", "protocol") == null ? "tcp" : r.option("protocol", "protocol"),
            "dport");
        String what = r.destination() != null ? KubeProxyPrograms.strip(r.destination()) + ":" + dport
            : "nodePort " + dport;
        String counts = r.counters() == null ? "no counters" : r.packets() + " packets dropped"
            + (r.delta() == null ? "" : ", +" + r.packetDelta() + " in the second sample");
        byPort.computeIfAbsent(port, k -> new ArrayList<>()).add(new Drop(what, external,
            r.packets() + Math.max(0, r.packetDelta()), ctx.evidence(r.ref(), r.chain() + ": " + counts)));
      }
      KubeProxyMode.nftTable(n).ifPresent(t -> nft(ctx, n, t, byPort));
      for (Map.Entry<String, List<Drop>> e : byPort.entrySet()) out.add(finding(ctx, n, e.getKey(), e.getValue()));
    }
    return out;
  }

  private static void nft(CheckContext ctx, NodeDataplane n, NftTable t, TreeMap<String, List<Drop>> byPort) {
    for (String map : List.of("no-endpoint-services", "no-endpoint-nodeports")) {
      Optional<NftSet> set = t.set(map);
      if (set.isEmpty()) continue;
      Optional<NftRule> user = t.chains().stream().flatMap(c -> c.rules().stream())
          .filter(r -> r.setReferences().contains(map)).findFirst();
      String counter = user.map(r -> r.counter() == null ? "" : "; the rule using the map counted "
          + r.counter().packets() + " packets").orElse("");
      for (NftElement el : set.get().elements()) {
        String port = KubeProxyPrograms.elementPort(el);
        if (port == null || el.value() == null || !el.value().strip().equals("drop")) continue;
        boolean nodePort = map.equals("no-endpoint-nodeports");
        String what = nodePort ? "nodePort " + el.key().get(el.key().size() - 1)
            : el.key().get(0) + ":" + el.key().get(el.key().size() - 1);
        byPort.computeIfAbsent(port, k -> new ArrayList<>()).add(new Drop(what, true, 0, ctx.evidence(
            KubeProxyMode.nftRef(n, set.get().line()), "map " + map + " element " + el.keyText() + " : drop"
                + counter)));
      }
    }
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, String port, List<Drop> drops) {
    Optional<Map.Entry<Service, ServicePort>> sp = KubeProxyChains.lookup(ctx.cluster(), port);
    int slash = port.indexOf('/');
    int colon = port.lastIndexOf(':');
    Subject subject = (slash > 0 && colon > slash ? Subject.of("Service", port.substring(0, slash),
        port.substring(slash + 1, colon)) : Subject.node(n.name())).onNode(n.name());
    long packets = drops.stream().mapToLong(Drop::packets).sum();
    boolean external = drops.stream().anyMatch(Drop::external);
    List<String> whats = drops.stream().map(Drop::what).distinct().toList();
    var f = ctx.finding(subject, "kube-proxy on " + n.name() + " drops " + port + " traffic: no local endpoints")
        .evidence(drops.stream().map(Drop::evidence).toList());
    String where = "";
    if (sp.isPresent()) {
      Service s = sp.get().getKey();
      f.evidence(ctx.evidence(s.specRef(external ? "externalTrafficPolicy" : "internalTrafficPolicy"),
          external ? "externalTrafficPolicy: " + s.externalTrafficPolicy() : "internalTrafficPolicy: "
              + s.internalTrafficPolicy()));
      var nodes = KubeProxyChains.readyNodes(ctx.cluster(), s);
      where = nodes.isEmpty() ? " The Service has no ready endpoint on any node the bundle names."
          : " Its ready endpoints run on " + String.join(", ", nodes) + (nodes.contains(n.name())
              ? " — including " + n.name() + ", so this rule is stale: kube-proxy there has not synced." : ".");
    }
    return f.explain("Node " + n.name() + " drops traffic for " + port + " to " + String.join(", ", whats)
            + " because the Service's " + (external ? "externalTrafficPolicy" : "internalTrafficPolicy")
            + " is Local and this node has no ready local endpoint" + (packets > 0 ? "; " + packets
                + " packets were dropped so far" : "") + "." + where + (external ? " A load balancer or client "
                + "that sends to this node gets no answer (the health check node port tells cloud load balancers "
                + "to avoid it; a client using the node's address directly does not know)."
                : " Pods on this node cannot reach the ClusterIP at all."))
        .remedy(external ? "Send external traffic only to nodes with endpoints (check the load balancer's health "
            + "checks on healthCheckNodePort), spread the pods over the nodes (DaemonSet, topology spread), or set "
            + "externalTrafficPolicy: Cluster if the client source IP need not be preserved."
            : "Run an endpoint on every node whose pods call the Service (DaemonSet), or drop "
                + "internalTrafficPolicy: Local.")
        .build();
  }
}
