package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.PodNetns;
import dev.packetwalk.model.node.Route;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Joins pod namespaces, host veths and Kubernetes pods. The strongest key is the kernel's own: eth0's iflink in the
 * pod namespace is the host veth's ifindex. Then crictl's owner of the namespace, then the pod IP (against the Pods of
 * this node first). A host veth without a namespace is joined by its {@code <podIP> dev <veth>} route, which Calico,
 * Cilium and the AWS CNI write; one that stays unjoined is kept, since a veth whose pod is gone is a clue.
 */
final class PodJoiner {
  private PodJoiner() {}

  static List<PodJoin> join(String node, List<PodNetns> namespaces, List<NodeInterface> interfaces,
      List<Route> routes, Cluster cluster) {
    List<PodJoin> out = new ArrayList<>();
    Set<Integer> joinedVeths = new HashSet<>();
    for (PodNetns ns : namespaces) {
      List<String> how = new ArrayList<>();
      List<SourceRef> refs = new ArrayList<>();
      NodeInterface host = ns.eth0Iflink() <= 0 ? null : interfaces.stream()
          .filter(i -> i.ifindex() == ns.eth0Iflink()).findFirst().orElse(null);
      if (host != null) {
        how.add("eth0 iflink " + ns.eth0Iflink() + " = host ifindex of " + host.name());
        refs.add(ns.iflinkRef());
        refs.add(host.ref());
        joinedVeths.add(host.ifindex());
      }
      String podNs = ns.podNamespace();
      String podName = ns.podName();
      if (!podName.isEmpty()) {
        how.add("crictl: sandbox of " + podNs + "/" + podName);
        refs.add(ns.ref());
      }
      String ip = ns.addresses().isEmpty() ? "" : ns.addresses().get(0);
      if (podName.isEmpty()) {
        Optional<Pod> byIp = byIp(node, ns.addresses(), cluster);
        if (byIp.isPresent()) {
          podNs = byIp.get().meta().namespace();
          podName = byIp.get().meta().name();
          how.add("pod IP " + ip);
        }
      } else if (ip.isEmpty()) {
        ip = cluster.pod(podNs, podName).map(Pod::podIP).orElse("");
      }
      out.add(new PodJoin(ns.name(), host == null ? "" : host.name(), host == null ? 0 : host.ifindex(), podNs,
          podName, ip, how, refs));
    }
    for (NodeInterface i : interfaces) {
      if (!i.isVeth() || joinedVeths.contains(i.ifindex())) continue;
      Optional<Route> r = routes.stream().filter(x -> x.tableId() == 254 && x.dev().equals(i.name())
          && (x.prefix().endsWith("/32") || x.prefix().endsWith("/128"))).findFirst();
      if (r.isEmpty()) {
        out.add(new PodJoin("", i.name(), i.ifindex(), "", "", "", List.of(), List.of(i.ref())));
        continue;
      }
      String ip = r.get().prefix().substring(0, r.get().prefix().indexOf('/'));
      Optional<Pod> pod = byIp(node, List.of(ip), cluster);
      out.add(new PodJoin("", i.name(), i.ifindex(), pod.map(p -> p.meta().namespace()).orElse(""),
          pod.map(p -> p.meta().name()).orElse(""), ip, List.of("route " + ip + " dev " + i.name()
              + (pod.isPresent() ? ", pod IP " + ip : "")), List.of(i.ref(), r.get().ref())));
    }
    return out;
  }

  /** The non-hostNetwork pod holding one of the addresses, one of this node's first. */
  private static Optional<Pod> byIp(String node, List<String> ips, Cluster cluster) {
    if (ips.isEmpty()) return Optional.empty();
    List<Pod> candidates = cluster.pods().stream().filter(p -> !p.hostNetwork() && !p.terminal())
        .filter(p -> ips.contains(p.podIP()) || p.podIPs().stream().anyMatch(ips::contains)).toList();
    return candidates.stream().filter(p -> p.nodeName().equals(node)).findFirst()
        .or(() -> candidates.stream().findFirst());
  }
}
