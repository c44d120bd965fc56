package dev.packetwalk.check.dns;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.ObjectMeta;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Both the legacy kube-dns and CoreDNS run: two DNS servers answer behind one Service, with different configs. */
public final class DnsBothKubeDnsAndCoredns implements Check {
  static final CheckInfo INFO = new CheckInfo("dns-both-kube-dns-and-coredns", "Both kube-dns and CoreDNS running",
      Severity.WARNING, Layer.KUBERNETES,
      "Both the legacy kube-dns and CoreDNS are running in the cluster; only one should serve DNS.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    Cluster c = ctx.cluster();
    List<ObjectMeta> kubeDns;
    List<ObjectMeta> coreDns;
    if (c.has(Cluster.Kind.WORKLOADS)) {
      kubeDns = workloads(c, DnsServer::isKubeDns);
      coreDns = workloads(c, DnsServer::isCoreDns);
    } else if (ctx.require(Cluster.Kind.PODS)) {
      kubeDns = pods(c, DnsServer::isKubeDns);
      coreDns = pods(c, DnsServer::isCoreDns);
    } else {
      return List.of();
    }
    if (kubeDns.isEmpty() || coreDns.isEmpty()) return List.of();
    List<Evidence> ev = new ArrayList<>();
    kubeDns.forEach(m -> ev.add(ctx.evidence(m.ref(), m.kind() + " " + m.key() + " runs the kube-dns image")));
    coreDns.forEach(m -> ev.add(ctx.evidence(m.ref(), m.kind() + " " + m.key() + " runs the CoreDNS image")));
    ObjectMeta k = kubeDns.get(0);
    ObjectMeta d = coreDns.get(0);
    return List.of(ctx.finding(Subject.of(k.kind(), k.namespace(), k.name()),
            "Both kube-dns (" + k.key() + ") and CoreDNS (" + d.key() + ") are running")
        .evidence(ev)
        .explain(k.kind() + " " + k.key() + " runs the legacy kube-dns server and " + d.kind() + " " + d.key()
            + " runs CoreDNS. When both carry the k8s-app=kube-dns label the kube-dns Service balances queries "
            + "over two servers with different configuration (stub domains, upstreams, caching), so lookups "
            + "succeed or fail depending on which pod answers, and resolution is slow or inconsistent.")
        .remedy("Keep only one: after migrating to CoreDNS, delete the kube-dns Deployment (`kubectl -n "
            + k.namespace() + " delete deployment " + (k.kind().equals("Deployment") ? k.name() : "kube-dns")
            + "`) and move any stubDomains/upstreamNameservers from the kube-dns ConfigMap into the Corefile.")
        .build());
  }

  private static List<ObjectMeta> workloads(Cluster c, Predicate<List<Container>> image) {
    return c.workloads().stream().filter(w -> w.ready() > 0 && image.test(w.containers()))
        .map(Workload::meta).toList();
  }

  private static List<ObjectMeta> pods(Cluster c, Predicate<List<Container>> image) {
    return c.pods().stream().filter(p -> p.running() && image.test(p.containers())).map(Pod::meta).toList();
  }
}
