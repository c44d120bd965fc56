package dev.packetwalk.check.cni;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Workload;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Which CNI a cluster runs, and which pods are its node daemons (or kube-proxy), by names and images. */
public final class NetworkDaemons {
  private NetworkDaemons() {}

  /** A known node network daemon; {@code usesNodePodCidr}: whether its IPAM takes addresses from spec.podCIDR. */
  public enum Daemon {
    CANAL("canal", true, "canal"),
    FLANNEL("flannel", true, "flannel"),
    CALICO("calico", false, "calico-node", "calico/node"),
    CILIUM("cilium", false, "cilium-agent", "cilium/cilium:", "cilium/cilium@", "/cilium:"),
    WEAVE("weave", false, "weave-net", "weaveworks/weave"),
    KUBE_ROUTER("kube-router", true, "kube-router"),
    ANTREA("antrea", true, "antrea-agent"),
    KUBE_OVN("kube-ovn", false, "kube-ovn-cni", "ovs-ovn"),
    AWS_VPC("aws-vpc-cni", false, "aws-node", "amazon-k8s-cni"),
    AZURE("azure-cni", false, "azure-cni", "azure-vnet", "azure-cns"),
    KINDNET("kindnet", true, "kindnet"),
    KUBE_PROXY("kube-proxy", false, "kube-proxy");

    private final String label;
    private final boolean usesNodePodCidr;
    private final List<String> tokens;

    Daemon(String label, boolean usesNodePodCidr, String... tokens) {
      this.label = label;
      this.usesNodePodCidr = usesNodePodCidr;
      this.tokens = List.of(tokens);
    }

    public String label() {
      return label;
    }

    public boolean usesNodePodCidr() {
      return usesNodePodCidr;
    }

    public boolean isCni() {
      return this != KUBE_PROXY;
    }

    boolean matches(String text) {
      return tokens.stream().anyMatch(text::contains);
    }
  }

  /** The daemon a pod belongs to: a DaemonSet-owned (or static) pod whose names or images name a known daemon. */
  public static Optional<Daemon> of(Pod pod) {
    String owner = pod.meta().ownerKind();
    boolean daemonLike = owner.isEmpty() || owner.equals("DaemonSet") || owner.equals("Node");
    if (!daemonLike) return Optional.empty();
    return match(pod.meta().name() + " " + pod.meta().ownerName() + " " + images(pod.containers()));
  }

  public static Optional<Daemon> of(Workload w) {
    if (!"DaemonSet".equals(w.meta().kind())) return Optional.empty();
    return match(w.meta().name() + " " + images(w.containers()));
  }

  /** The CNIs the cluster runs, from its DaemonSets and daemon pods, in declaration order (canal before flannel). */
  public static List<Daemon> cnis(Cluster cluster) {
    return Stream.concat(cluster.workloads().stream().map(NetworkDaemons::of),
            cluster.pods().stream().map(NetworkDaemons::of))
        .flatMap(Optional::stream).filter(Daemon::isCni).distinct().sorted().toList();
  }

  /** "flannel", "calico, kube-router", or "unidentified". */
  public static String describe(List<Daemon> cnis) {
    return cnis.isEmpty() ? "unidentified" : cnis.stream().map(Daemon::label).collect(Collectors.joining(", "));
  }

  private static Optional<Daemon> match(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    for (Daemon d : Daemon.values()) if (d.matches(t)) return Optional.of(d);
    return Optional.empty();
  }

  private static String images(List<Container> containers) {
    return containers.stream().map(Container::image).collect(Collectors.joining(" "));
  }
}
