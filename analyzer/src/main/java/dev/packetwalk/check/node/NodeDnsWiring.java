package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.node.KubeletSettings;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.PodNetns;
import dev.packetwalk.model.node.ResolverConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DNS a node hands its pods: kubelet's clusterDNS against the kube-dns Service's ClusterIP, and each pod
 * sandbox's resolv.conf against clusterDNS and the ClusterFirst search list (path-analysis §6 row 32).
 */
public final class NodeDnsWiring implements Check {
  static final CheckInfo INFO = new CheckInfo("node-dns-wiring", "Pod DNS not wired to the cluster DNS",
      Severity.ERROR, Layer.KUBERNETES, "Finds kubelets whose clusterDNS is not the kube-dns ClusterIP and pod "
          + "resolv.conf files whose nameserver or search list does not match ClusterFirst.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    Optional<Service> dns = ServiceBackends.kubeDns(ctx.cluster());
    if (dns.isEmpty()) ctx.insufficient("no kube-system/kube-dns Service in the bundle to compare clusterDNS with");
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.KUBELET)) {
      KubeletSettings k = n.kubelet();
      if (k.clusterDNS().isEmpty()) {
        ctx.insufficient("node " + n.name() + ": the kubelet config sets no clusterDNS");
        continue;
      }
      if (dns.isPresent() && dns.get().clusterIPs().stream().noneMatch(k.clusterDNS()::contains)
          && !dns.get().clusterIP().isEmpty() && k.clusterDNS().stream().noneMatch(NodeDnsWiring::linkLocal)) {
        out.add(kubeletMismatch(ctx, n, dns.get()));
      }
      String domain = k.clusterDomain().isEmpty() ? "cluster.local" : k.clusterDomain();
      for (PodNetns ns : n.netns()) {
        ResolverConfig rc = ns.resolvConf();
        if (rc == null || ns.podName().isEmpty()) continue;
        boolean nsIsCluster = rc.nameservers().stream().anyMatch(k.clusterDNS()::contains);
        boolean searchIsCluster = rc.search().contains("svc." + domain);
        if (nsIsCluster && !searchIsCluster) {
          out.add(pod(ctx, n, ns, rc.refOf("search"), "search list lacks svc." + domain,
              "its nameserver is the cluster DNS " + String.join(", ", k.clusterDNS()) + " (dnsPolicy ClusterFirst) "
                  + "but its search list is [" + String.join(" ", rc.search()) + "], without " + ns.podNamespace()
                  + ".svc." + domain + " and svc." + domain + ": short Service names (\"web\", \"web.shop\") do "
                  + "not resolve, only full names do", rc));
        } else if (searchIsCluster && !nsIsCluster) {
          out.add(pod(ctx, n, ns, rc.refOf("nameserver"), "nameserver is not the cluster DNS",
              "its search list is the ClusterFirst one (svc." + domain + ") but it asks " + String.join(", ",
                  rc.nameservers()) + ", not the kubelet's clusterDNS " + String.join(", ", k.clusterDNS())
                  + ": the sandbox was made with another clusterDNS or a dnsConfig overrides it, and Service names "
                  + "resolve only if that server forwards cluster.local", rc));
        } else if (nsIsCluster && "0".equals(rc.options().get("ndots"))) {
          out.add(pod(ctx, n, ns, rc.refOf("options"), "ndots:0 with ClusterFirst",
              "it uses the cluster DNS with options ndots:0, so resolvers that try the search list only for "
                  + "names with fewer dots than ndots (musl, Go) never expand short Service names", rc));
        }
      }
    }
    return out;
  }

  /** NodeLocal DNSCache listens on a link-local address (169.254.20.10) in front of kube-dns. */
  private static boolean linkLocal(String ip) {
    return ip.startsWith("169.254.") || ip.toLowerCase(java.util.Locale.ROOT).startsWith("fe80:");
  }

  private static Finding kubeletMismatch(CheckContext ctx, NodeDataplane n, Service dns) {
    return ctx.finding(Subject.node(n.name()), "kubelet clusterDNS " + String.join(", ", n.kubelet().clusterDNS())
            + " is not the kube-dns ClusterIP " + dns.clusterIP() + " on node " + n.name())
        .evidence(ctx.evidence(n.kubelet().ref(), "clusterDNS " + String.join(", ", n.kubelet().clusterDNS())))
        .evidence(ctx.evidence(dns.specRef("clusterIP"), "Service " + dns.meta().key() + " ClusterIP "
            + dns.clusterIP()))
        .explain("The kubelet on node " + n.name() + " writes nameserver " + String.join(", ",
            n.kubelet().clusterDNS()) + " into every ClusterFirst pod's resolv.conf, but the cluster DNS Service "
            + dns.meta().key() + " has ClusterIP " + dns.clusterIP() + ". Queries from the node's pods go to an "
            + "address no Service answers on, so every name lookup in those pods times out (seed 002, "
            + "\"Pod 無法解析 DNS\").")
        .remedy("Set clusterDNS to " + dns.clusterIP() + " in the kubelet config of " + n.name() + " (or "
            + "--cluster-dns), restart the kubelet, and recreate the pods: existing sandboxes keep their "
            + "resolv.conf. If a node-local cache is meant to sit at " + String.join(", ", n.kubelet().clusterDNS())
            + ", check that it is deployed on this node.")
        .build();
  }

  private static Finding pod(CheckContext ctx, NodeDataplane n, PodNetns ns, dev.packetwalk.model.SourceRef line,
      String title, String why, ResolverConfig rc) {
    String key = ns.podNamespace() + "/" + ns.podName();
    var b = ctx.finding(Subject.of("Pod", ns.podNamespace(), ns.podName()).onNode(n.name()),
            "Pod " + key + " on node " + n.name() + ": " + title)
        .evidence(ctx.evidence(line, "sandbox resolv.conf of " + key))
        .evidence(ctx.evidence(n.kubelet().ref(), "clusterDNS " + String.join(", ", n.kubelet().clusterDNS())))
        .explain("The resolv.conf of pod " + key + " (namespace " + ns.name() + " on node " + n.name() + "): " + why
            + ".")
        .remedy("kubectl get pod -n " + ns.podNamespace() + " " + ns.podName() + " -o jsonpath='{.spec.dnsPolicy} "
            + "{.spec.dnsConfig}' to see whether the pod asks for this; otherwise recreate the pod after fixing the "
            + "kubelet's clusterDNS/clusterDomain on " + n.name() + ".");
    if (!line.equals(rc.ref())) b.evidence(ctx.evidence(rc.ref(), ""));
    return b.build();
  }
}
