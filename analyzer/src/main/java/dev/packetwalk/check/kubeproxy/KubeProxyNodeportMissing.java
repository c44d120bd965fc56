package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.parse.nft.NftRule;
import dev.packetwalk.parse.nft.NftSet;
import dev.packetwalk.parse.nft.NftTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A NodePort (or LoadBalancer) Service port that some nodes program and one does not: clients, or the cloud load
 * balancer's health checks, reaching that node's port get nothing. Looks at KUBE-NODEPORTS (iptables), the
 * {@code kube-proxy} table's nodeport maps (nftables) and the virtual servers (IPVS).
 */
public final class KubeProxyNodeportMissing implements Check {
  static final CheckInfo INFO = new CheckInfo("kube-proxy-nodeport-missing", "NodePort not programmed on a node",
      Severity.ERROR, Layer.KUBERNETES,
      "Finds NodePort/LoadBalancer Service ports that kube-proxy programs on other nodes but not on one.");

  /** Where a node shows a nodePort, or empty when it does not. */
  record Seen(SourceRef ref, String how) {}

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES)) return List.of();
    List<NodeDataplane> nodes = ctx.nodes().all().stream().filter(n -> n.has(NodeEvidence.IPTABLES)
        || n.has(NodeEvidence.NFT) || n.has(NodeEvidence.IPVS)).toList();
    if (nodes.size() < 2) {
      ctx.insufficient("comparing nodes needs kube-proxy rules (iptables, nft or IPVS) from at least two nodes; the"
          + " bundle has " + nodes.size());
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (Service s : ctx.cluster().services()) {
      for (ServicePort p : s.ports()) {
        if (p.nodePort() <= 0) continue;
        List<NodeDataplane> without = new ArrayList<>();
        Optional<Seen> example = Optional.empty();
        String exampleNode = "";
        for (NodeDataplane n : nodes) {
          Optional<Seen> seen = seen(n, p);
          if (seen.isEmpty()) {
            without.add(n);
          } else if (example.isEmpty()) {
            example = seen;
            exampleNode = n.name();
          }
        }
        if (example.isEmpty()) continue; // no node has it: kube-proxy replaced (Cilium) or not running anywhere
        for (NodeDataplane n : without) {
          String label = s.meta().namespace() + "/" + s.meta().name() + " " + p.label() + " nodePort "
              + p.nodePort();
          out.add(ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()).onNode(n.name()),
                  "NodePort " + p.nodePort() + " of " + s.meta().name() + " is not programmed on " + n.name())
              .evidence(ctx.evidence(p.ref() == null ? s.meta().ref() : p.ref(), "the Service port"))
              .evidence(ctx.evidence(example.get().ref(), "programmed on " + exampleNode + " (" + example.get().how()
                  + ")"))
              .explain("kube-proxy on " + exampleNode + " handles " + label + " (" + example.get().how() + "), but "
                  + "node " + n.name() + " has no rule, map element or virtual server for port " + p.nodePort()
                  + ". Connections to " + n.name() + ":" + p.nodePort() + " are not forwarded, and a cloud load "
                  + "balancer sending traffic or health checks there marks the node unhealthy or loses traffic. "
                  + "kube-proxy on " + n.name() + " is not running, not synced, or in another mode.")
              .remedy("Check the kube-proxy pod on " + n.name() + " (kubectl -n kube-system get pods -o wide "
                  + "-l k8s-app=kube-proxy; its logs for sync errors) and that its mode matches the other nodes'.")
              .build());
        }
      }
    }
    return out;
  }

  private static Optional<Seen> seen(NodeDataplane n, ServicePort p) {
    String port = String.valueOf(p.nodePort());
    for (NfRule r : n.netfilter().rules()) {
      boolean chain = r.chain().equals("KUBE-NODEPORTS") || r.chain().equals("KUBE-EXTERNAL-SERVICES");
      String dport = r.option(p.protocol().toLowerCase(), "dport");
      if (chain && port.equals(dport)) return Optional.of(new Seen(r.ref(), "iptables " + r.chain()));
    }
    for (NftTable t : n.nftTables()) {
      if (!t.name().equals("kube-proxy")) continue;
      for (NftSet set : t.sets()) {
        if (!set.name().contains("nodeport")) continue;
        boolean has = set.elements().stream().anyMatch(e -> e.key().contains(port)
            && e.key().stream().anyMatch(k -> k.equalsIgnoreCase(p.protocol())));
        if (has) return Optional.of(new Seen(SourceRef.line("nodes/" + n.name()
            + "/netfilter/nft-ruleset.txt", set.line()), "nft set " + set.name()));
      }
    }
    // NodePort virtual servers sit on the node's own addresses (kube-proxy makes one per node IP)
    return n.ipvs().stream().filter(v -> v.port() == p.nodePort() && v.protocol().equalsIgnoreCase(p.protocol())
            && (n.addresses().isEmpty() || n.ownAddresses().contains(v.address())))
        .findFirst().map(v -> new Seen(v.ref(), "IPVS " + v.protocol() + " " + v.address() + ":" + v.port()));
  }
}
