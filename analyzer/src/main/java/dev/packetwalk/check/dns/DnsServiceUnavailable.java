package dev.packetwalk.check.dns;

import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.service.Backends;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cluster DNS Service is missing or has no ready endpoint: every name lookup in every pod fails. */
public final class DnsServiceUnavailable implements Check {
  static final CheckInfo INFO = new CheckInfo("dns-service-unavailable", "Cluster DNS Service unavailable",
      Severity.CRITICAL, Layer.KUBERNETES,
      "The kube-dns Service is missing or has no ready endpoint, so pods cannot resolve any name.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES)) return List.of();
    Cluster c = ctx.cluster();
    List<Pod> pods = c.has(Cluster.Kind.PODS) ? DnsServer.pods(c) : List.of();
    List<String> states = new ArrayList<>();
    var ev = new ArrayList<dev.packetwalk.check.Evidence>();
    for (Pod p : pods) {
      Backends.PodState st = Backends.diagnose(ctx, p);
      states.add(st.summary());
      ev.addAll(st.evidence());
    }
    String podText = !c.has(Cluster.Kind.PODS) ? " The pods were not collected."
        : pods.isEmpty() ? " No CoreDNS or kube-dns pod exists." : " DNS pods: " + String.join(". ", states) + ".";
    Optional<Service> svc = DnsServer.service(c);
    if (svc.isEmpty()) {
      return List.of(ctx.finding(Subject.of("Service", DnsServer.NAMESPACE, "kube-dns"),
              "The cluster DNS Service kube-system/kube-dns is missing")
          .explain("No Service kube-system/kube-dns (nor any Service selecting k8s-app=kube-dns) was collected. "
              + "Pods send their queries to the nameserver the kubelet writes into resolv.conf (--cluster-dns, "
              + "normally this Service's ClusterIP); with no Service behind that IP every lookup times out."
              + podText)
          .evidence(ctx.evidence(new SourceRef(EvidenceSpec.SERVICES.pattern(), 0, ""),
              "no kube-dns Service in the list"))
          .evidence(ev)
          .remedy("Recreate the kube-dns Service in kube-system with selector k8s-app=kube-dns, ports 53/UDP and "
              + "53/TCP, and the clusterIP the kubelets use (--cluster-dns / clusterDNS in the kubelet config); "
              + "check with `kubectl get svc kube-dns -n kube-system`.")
          .build());
    }
    Service s = svc.get();
    Optional<Boolean> ready = Backends.hasReadyBackend(c, s);
    if (ready.isEmpty()) {
      ctx.require(Cluster.Kind.ENDPOINTS, Cluster.Kind.ENDPOINT_SLICES, Cluster.Kind.PODS);
      return List.of();
    }
    if (ready.get()) return List.of();
    var f = ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()),
            "The cluster DNS Service " + s.meta().key() + " has no ready endpoint")
        .evidence(ctx.evidence(s.specRef("selector"), "the DNS Service's selector"));
    for (EndpointAddress a : Backends.addresses(c, s).stream().limit(4).toList()) {
      f.evidence(ctx.evidence(a.ref(), "not-ready DNS endpoint " + a.ip()));
    }
    c.endpointsOf(s).filter(e -> e.addresses().isEmpty())
        .ifPresent(e -> f.evidence(ctx.evidence(e.meta().ref(), "Endpoints " + e.meta().key() + " with no address")));
    return List.of(f.evidence(ev)
        .explain("Service " + s.meta().key() + " (ClusterIP " + s.clusterIP() + ", the nameserver in every pod's "
            + "resolv.conf) has no ready endpoint, so every DNS query from every pod times out and anything that "
            + "connects by name fails." + podText)
        .remedy("Get the DNS pods ready: `kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide`, "
            + "`kubectl -n kube-system describe pods -l k8s-app=kube-dns` and `kubectl -n kube-system logs -l "
            + "k8s-app=kube-dns --previous`; see also dns-coredns-crashloop for the cause in their logs.")
        .build());
  }
}
