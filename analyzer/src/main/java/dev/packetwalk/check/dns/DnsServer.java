package dev.packetwalk.check.dns;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import java.util.List;
import java.util.Optional;

/** Which objects are the cluster DNS: the kube-dns Service and the CoreDNS or kube-dns pods behind it. */
public final class DnsServer {
  static final String NAMESPACE = "kube-system";

  private DnsServer() {}

  /** kube-system/kube-dns, else a Service selecting k8s-app=kube-dns (some distributions rename it). */
  public static Optional<Service> service(Cluster c) {
    Optional<Service> named = c.service(NAMESPACE, "kube-dns");
    if (named.isPresent()) return named;
    return c.services().stream()
        .filter(s -> s.hasSelector() && "kube-dns".equals(s.selector().matchLabels().get("k8s-app"))).findFirst();
  }

  /** A pod of the cluster DNS: labelled k8s-app=kube-dns or coredns, or a kube-system pod of a DNS image. */
  public static boolean isDnsPod(Pod p) {
    String app = p.meta().labels().getOrDefault("k8s-app", "");
    if (app.equals("kube-dns") || app.equals("coredns")) return true;
    return p.meta().namespace().equals(NAMESPACE) && (isCoreDns(p.containers()) || isKubeDns(p.containers()));
  }

  public static List<Pod> pods(Cluster c) {
    return c.pods().stream().filter(p -> !p.terminal() && isDnsPod(p)).toList();
  }

  /** Containers running the CoreDNS image (coredns/coredns, or a mirror of it). */
  public static boolean isCoreDns(List<Container> containers) {
    return containers.stream().anyMatch(k -> !k.init() && image(k).contains("coredns"));
  }

  /** Containers running the legacy kube-dns image (k8s-dns-kube-dns). */
  public static boolean isKubeDns(List<Container> containers) {
    return containers.stream().anyMatch(k -> !k.init() && image(k).contains("k8s-dns-kube-dns"));
  }

  private static String image(Container k) {
    String i = k.image();
    int slash = i.lastIndexOf('/');
    return i.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
  }
}
