package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;
import java.util.List;
import java.util.Optional;

/** A node: its addresses, pod CIDRs and the conditions that say whether its network is up. */
public record Node(ObjectMeta meta, List<Address> addresses, String podCIDR, List<String> podCIDRs,
    List<Condition> conditions, String kubeletVersion, String osImage, String kernelVersion,
    String containerRuntime, boolean unschedulable, SourceRef podCIDRRef) {

  /** A node address (InternalIP, ExternalIP, Hostname) and where it stands. */
  public record Address(String type, String address, SourceRef ref) {
    public Address {
      ref = ref == null ? SourceRef.NONE : ref;
    }

    public Address(String type, String address) {
      this(type, address, SourceRef.NONE);
    }
  }

  /** Without source positions for the pod CIDR field (hand-built models). */
  public Node(ObjectMeta meta, List<Address> addresses, String podCIDR, List<String> podCIDRs,
      List<Condition> conditions, String kubeletVersion, String osImage, String kernelVersion,
      String containerRuntime, boolean unschedulable) {
    this(meta, addresses, podCIDR, podCIDRs, conditions, kubeletVersion, osImage, kernelVersion, containerRuntime,
        unschedulable, null);
  }

  public Node {
    podCIDRRef = podCIDRRef == null ? meta.ref() : podCIDRRef;
    addresses = List.copyOf(addresses);
    podCIDR = podCIDR == null ? "" : podCIDR;
    podCIDRs = List.copyOf(podCIDRs);
    conditions = List.copyOf(conditions);
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** Ready as the kubelet reports it; a node with no Ready condition is not ready. */
  public boolean ready() {
    return condition("Ready").map(Condition::isTrue).orElse(false);
  }

  public Optional<String> internalIP() {
    return addresses.stream().filter(a -> a.type().equals("InternalIP")).map(Address::address).findFirst();
  }

  /** spec.podCIDRs when set, else spec.podCIDR; {@link #podCIDRRef} points at whichever field was read. */
  public List<String> allPodCIDRs() {
    if (!podCIDRs.isEmpty()) return podCIDRs;
    return podCIDR.isEmpty() ? List.of() : List.of(podCIDR);
  }

  public String roles() {
    List<String> roles = meta.labels().keySet().stream()
        .filter(k -> k.startsWith("node-role.kubernetes.io/"))
        .map(k -> k.substring("node-role.kubernetes.io/".length())).sorted().toList();
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }
}
