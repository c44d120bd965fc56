package dev.packetwalk.parse.iproute;

import java.util.List;
import java.util.Map;

/**
 * One interface as {@code ip [-s] [-d] link} (or the link part of {@code ip addr}) prints it.
 *
 * <pre>
 * 4: vethpod1@if2: &lt;BROADCAST,MULTICAST,UP,LOWER_UP&gt; mtu 1500 qdisc noqueue master cni0 state UP mode DEFAULT group default qlen 1000
 *     link/ether ae:b4:5e:6b:15:19 brd ff:ff:ff:ff:ff:ff link-netnsid 1 promiscuity 1 minmtu 68 maxmtu 65535
 *     veth
 *     bridge_slave state forwarding priority 32 cost 2 hairpin on ... addrgenmode eui64 numtxqueues 2 ...
 * </pre>
 *
 * @param ifindex interface index
 * @param name interface name
 * @param linkSuffix text after {@code @} in the header, as printed ({@code if2}, {@code NONE}, {@code bond1}), or null
 * @param peerIfindex the {@code N} of an {@code @ifN} suffix (a veth peer or lower device in another namespace)
 * @param flags the {@code <...>} flags in printed order
 * @param mtu MTU, or null
 * @param qdisc queueing discipline
 * @param master the bridge/bond/vrf/ovs master, or null
 * @param state operational state ({@code UP}, {@code DOWN}, {@code UNKNOWN}, ...)
 * @param mode link mode ({@code DEFAULT}, {@code DORMANT}), or null when not printed
 * @param group interface group
 * @param qlen transmit queue length
 * @param linkType the {@code link/TYPE} word: {@code ether}, {@code loopback}, {@code ipip}, {@code gre}, {@code none},
 *     {@code [65534]}, ...
 * @param address link-layer address, or null
 * @param broadcast link-layer broadcast address (the {@code brd}), or null
 * @param peerAddress the {@code peer} of a point-to-point link line ({@code link/gre A peer B}), or null
 * @param linkNetnsid the {@code link-netnsid} (namespace id of the peer), or null
 * @param linkNetns the {@code link-netns} name (printed instead of the id when the namespace has a name), or null
 * @param alias the {@code alias} line, or null
 * @param info the kind detail line ({@code vxlan id 1 ...}), or null for interfaces without a kind
 * @param slaveInfo the slave-kind detail line ({@code bridge_slave ...}), or null
 * @param attributes remaining generic attributes ({@code promiscuity}, {@code minmtu}, {@code numtxqueues},
 *     {@code addrgenmode}, unknown header keys, ...), values as printed
 * @param altnames {@code altname} lines
 * @param stats the {@code -s} counters, or null when not printed
 * @param line 1-based line of the header in the file
 */
public record IpLink(
    int ifindex,
    String name,
    String linkSuffix,
    Integer peerIfindex,
    List<String> flags,
    Integer mtu,
    String qdisc,
    String master,
    String state,
    String mode,
    String group,
    Integer qlen,
    String linkType,
    String address,
    String broadcast,
    String peerAddress,
    Integer linkNetnsid,
    String linkNetns,
    String alias,
    LinkInfo info,
    LinkInfo slaveInfo,
    Map<String, String> attributes,
    List<String> altnames,
    LinkStats stats,
    int line) {

  public IpLink {
    flags = List.copyOf(flags);
    attributes = Map.copyOf(attributes);
    altnames = List.copyOf(altnames);
  }

  /** The kind from the {@code -d} detail line ({@code veth}, {@code vxlan}, ...), or null. */
  public String kind() {
    return info == null ? null : info.kind();
  }

  public boolean hasFlag(String flag) {
    return flags.contains(flag);
  }

  /** Administratively up: the {@code UP} flag. */
  public boolean up() {
    return flags.contains("UP");
  }

  /** Carrier present: the {@code LOWER_UP} flag. */
  public boolean lowerUp() {
    return flags.contains("LOWER_UP");
  }

  /** A generic attribute parsed as an integer, or null. */
  public Long attributeNumber(String key) {
    return Numbers.parseLong(attributes.get(key));
  }
}
