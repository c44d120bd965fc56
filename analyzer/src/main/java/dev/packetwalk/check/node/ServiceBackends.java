package dev.packetwalk.check.node;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.EndpointSet;
import dev.packetwalk.model.cluster.Service;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Services and the addresses that serve them, from EndpointSlices (else the legacy Endpoints). */
final class ServiceBackends {
  private ServiceBackends() {}

  /** The endpoint sets of a Service: its slices when any were collected, else its Endpoints object. */
  static List<EndpointSet> sets(Cluster cluster, Service s) {
    List<EndpointSet> slices = cluster.slicesOf(s);
    if (!slices.isEmpty() || cluster.has(Cluster.Kind.ENDPOINT_SLICES)) return slices;
    return cluster.endpointsOf(s).map(List::of).orElse(List.of());
  }

  /** Addresses that serve the Service (ready, or serving while terminating), as kube-proxy counts them. */
  static Set<String> servingIps(Cluster cluster, Service s) {
    Set<String> out = new TreeSet<>();
    for (EndpointSet e : sets(cluster, s)) {
      for (EndpointAddress a : e.addresses()) if (a.ready() || a.serving()) out.add(a.ip());
    }
    return out;
  }

  /** The endpoint address of {@code ip} in the Service's endpoints, if it backs the Service. */
  static Optional<EndpointAddress> endpoint(Cluster cluster, Service s, String ip) {
    return sets(cluster, s).stream().flatMap(e -> e.addresses().stream()).filter(a -> a.ip().equals(ip))
        .findFirst();
  }

  /** Services (by namespace/name) that list {@code ip} as an endpoint. */
  static List<Service> backedBy(Cluster cluster, String ip) {
    if (ip == null || ip.isEmpty()) return List.of();
    return cluster.services().stream().filter(s -> endpoint(cluster, s, ip).isPresent())
        .sorted(Comparator.comparing(s -> s.meta().key())).toList();
  }

  /** The cluster DNS Service: kube-system/kube-dns (CoreDNS keeps the name), else one labelled k8s-app=kube-dns. */
  static Optional<Service> kubeDns(Cluster cluster) {
    return cluster.service("kube-system", "kube-dns").or(() -> cluster.services().stream()
        .filter(s -> s.meta().namespace().equals("kube-system")
            && "kube-dns".equals(s.meta().labels().get("k8s-app")) && !s.headless())
        .min(Comparator.comparing(s -> s.meta().name())));
  }
}
