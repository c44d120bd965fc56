package dev.packetwalk.parse.iproute;

import java.util.List;
import java.util.Map;

/**
 * One port of {@code bridge [-d] link}.
 *
 * <pre>
 * 4: vethpod1@eth0: &lt;BROADCAST,MULTICAST,UP,LOWER_UP&gt; mtu 1500 master cni0 state forwarding priority 32 cost 2
 *     hairpin on guard off root_block off fastleave off learning on flood on ...
 * </pre>
 *
 * Note: the {@code @name} suffix is resolved by {@code bridge} in its own namespace, so for a pod veth it may name an
 * unrelated local interface; it is kept as printed.
 *
 * @param ifindex port index
 * @param name port name
 * @param linkSuffix the text after {@code @}, or null
 * @param flags link flags
 * @param mtu MTU
 * @param master the bridge
 * @param state STP state ({@code forwarding}, {@code disabled}, {@code blocking}, ...)
 * @param options {@code priority}, {@code cost} and every {@code -d} keyword ({@code hairpin on}, {@code learning on},
 *     {@code flood on}, ...) as printed
 * @param line 1-based line number of the header
 */
public record BridgePort(
    int ifindex,
    String name,
    String linkSuffix,
    List<String> flags,
    Integer mtu,
    String master,
    String state,
    Map<String, String> options,
    int line) {

  public BridgePort {
    flags = List.copyOf(flags);
    options = Map.copyOf(options);
  }

  /** {@code hairpin on} - a pod can reach itself through its Service (path break #13 when off). */
  public Boolean hairpin() {
    return onOff("hairpin");
  }

  public Boolean learning() {
    return onOff("learning");
  }

  public Boolean flood() {
    return onOff("flood");
  }

  private Boolean onOff(String key) {
    String v = options.get(key);
    return v == null ? null : v.equals("on") ? Boolean.TRUE : v.equals("off") ? Boolean.FALSE : null;
  }
}
