package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The node's kernel parameters ({@code sysctl -a}), each with its line, and typed accessors for the ones that decide
 * whether the node forwards pod traffic.
 */
public record Sysctls(Map<String, Sysctl> values) {

  public static final Sysctls NONE = new Sysctls(Map.of());

  public Sysctls {
    values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** One key with its value as printed and its line. */
  public record Sysctl(String key, String value, SourceRef ref) {
    /** The value as an integer, or null when it is not one. */
    public Long number() {
      try {
        return Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  public boolean present() {
    return !values.isEmpty();
  }

  public Optional<Sysctl> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** {@code net.ipv4.ip_forward}: 0 means the node routes nothing, pod traffic between nodes included. */
  public Optional<Sysctl> ipForward() {
    return get("net.ipv4.ip_forward");
  }

  /** {@code net.bridge.bridge-nf-call-iptables}: absent when br_netfilter is not loaded. */
  public Optional<Sysctl> bridgeNfCallIptables() {
    return get("net.bridge.bridge-nf-call-iptables");
  }

  /** {@code net.netfilter.nf_conntrack_max}, or the older {@code net.nf_conntrack_max}. */
  public Optional<Sysctl> conntrackMax() {
    return get("net.netfilter.nf_conntrack_max").or(() -> get("net.nf_conntrack_max"));
  }

  /** {@code net.ipv4.conf.<scope>.rp_filter} for an interface, {@code all} or {@code default}. */
  public Optional<Sysctl> rpFilter(String scope) {
    return get("net.ipv4.conf." + scope.replace('.', '/') + ".rp_filter");
  }

  /**
   * The rp_filter the kernel applies on an interface: the maximum of {@code all} and the interface's own value
   * (Documentation/networking/ip-sysctl.rst); -1 when neither is known.
   */
  public int effectiveRpFilter(String iface) {
    Long all = rpFilter("all").map(Sysctl::number).orElse(null);
    Long own = rpFilter(iface).map(Sysctl::number).orElse(null);
    return (int) Math.max(all == null ? -1 : all, own == null ? -1 : own);
  }
}
