package dev.packetwalk.parse.iproute;

import java.util.List;
import java.util.Map;

/**
 * A {@code -d} detail line of {@code ip link}: the kind and its options, e.g.
 * {@code vxlan id 1 local 10.6.3.201 dev ens3 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300} gives kind
 * {@code vxlan}, options {@code {id=1, local=10.6.3.201, dev=ens3, srcport=0 0, dstport=8472, ttl=auto, ageing=300}} and
 * flags {@code [nolearning]}.
 *
 * <p>Slave kinds keep the text spelling ({@code bridge_slave}, {@code bond_slave}, {@code openvswitch_slave}). Options
 * are kept as printed; JSON values are renamed into the text vocabulary by {@link IpLinkJsonParser}. Typed accessors
 * cover the facts packetwalk reasons about; everything else stays in {@link #options()}.
 *
 * @param kind kind as printed
 * @param options keyword options, values as printed (a multi-value option such as {@code srcport} is space-joined)
 * @param flags bare words ({@code nolearning}, {@code udpcsum}, {@code external}, {@code <REORDER_HDR>}, ...)
 */
public record LinkInfo(String kind, Map<String, String> options, List<String> flags) {

  public LinkInfo {
    options = Map.copyOf(options);
    flags = List.copyOf(flags);
  }

  public String option(String key) {
    return options.get(key);
  }

  public boolean hasFlag(String flag) {
    return flags.contains(flag);
  }

  /** VXLAN VNI, Geneve VNI or VLAN id. */
  public Long id() {
    return Numbers.parseLong(options.get("id"));
  }

  /** Tunnel remote ({@code any} is kept as printed). */
  public String remote() {
    return options.get("remote");
  }

  /** Tunnel local address ({@code any} is kept as printed). */
  public String local() {
    return options.get("local");
  }

  /** Underlay device of a vxlan/tunnel. */
  public String dev() {
    return options.get("dev");
  }

  /** UDP destination port of vxlan/geneve. */
  public Integer dstport() {
    Long v = Numbers.parseLong(options.get("dstport"));
    return v == null ? null : v.intValue();
  }

  /**
   * Learning: vxlan prints {@code learning}/{@code nolearning} as flags, bridge ports print {@code learning on/off}.
   * Null when neither is printed.
   */
  public Boolean learning() {
    if (flags.contains("nolearning")) {
      return false;
    }
    if (flags.contains("learning")) {
      return true;
    }
    return bool("learning");
  }

  /** Bridge port hairpin mode ({@code hairpin on/off}). */
  public Boolean hairpin() {
    return bool("hairpin");
  }

  /** Bridge/bond port state ({@code forwarding}, {@code ACTIVE}, ...). */
  public String state() {
    return options.get("state");
  }

  /** VLAN protocol ({@code 802.1Q}). */
  public String protocol() {
    return options.get("protocol");
  }

  /** An on/off, true/false, 1/0 option as a boolean; null when absent or not boolean. */
  public Boolean bool(String key) {
    String v = options.get(key);
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "on", "true", "1", "yes" -> true;
      case "off", "false", "0", "no" -> false;
      default -> null;
    };
  }
}
