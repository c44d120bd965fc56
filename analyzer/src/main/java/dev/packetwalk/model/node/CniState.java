package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;
import java.util.Optional;

/** What the node's CNI left on disk: its network configs, host-local IPAM allocations, flannel's lease. */
public record CniState(List<CniConf> configs, List<IpamAllocation> allocations, FlannelLease flannel) {

  public static final CniState NONE = new CniState(List.of(), List.of(), null);

  public CniState {
    configs = List.copyOf(configs);
    allocations = List.copyOf(allocations);
  }

  /**
   * One file of {@code /etc/cni/net.d}; the kubelet uses the first in name order.
   *
   * @param types plugin types in chain order, with a flannel delegate's type after {@code flannel}
   * @param bridge the bridge a {@code bridge} plugin (or flannel's delegate) creates, or ""
   * @param hairpinMode the bridge plugin's {@code hairpinMode}, or null when not set
   * @param subnets host-local IPAM subnets
   */
  public record CniConf(String file, String name, List<String> types, String bridge, Boolean hairpinMode,
      List<String> subnets, SourceRef ref) {
    public CniConf {
      name = name == null ? "" : name;
      types = List.copyOf(types);
      bridge = bridge == null ? "" : bridge;
      subnets = List.copyOf(subnets);
    }
  }

  /** One host-local IPAM file: an address held for a container. */
  public record IpamAllocation(String network, String ip, String containerId, String ifname, SourceRef ref) {}

  /** {@code /run/flannel/subnet.env}. */
  public record FlannelLease(String network, String subnet, int mtu, Boolean ipMasq, SourceRef ref) {}

  public Optional<FlannelLease> flannelLease() {
    return Optional.ofNullable(flannel);
  }

  /** The config the kubelet uses: the first file by name. */
  public Optional<CniConf> active() {
    return configs.stream().min(java.util.Comparator.comparing(CniConf::file));
  }

  /** Whether the active config puts pods behind a Linux bridge (bridge plugin, flannel's default delegate). */
  public boolean usesBridge() {
    return active().map(c -> c.types().contains("bridge") || !c.bridge().isEmpty()).orElse(false);
  }
}
