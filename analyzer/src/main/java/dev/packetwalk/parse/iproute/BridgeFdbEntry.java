package dev.packetwalk.parse.iproute;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code bridge [-s] [-d] fdb show}.
 *
 * <pre>
 * 46:af:62:75:ec:ee dev flannel.1 dst 10.6.1.235 used 5/1004 self permanent
 * 02:c1:7e:26:64:ec dev vethpod1 used 4/2 master cni0
 * </pre>
 *
 * @param mac MAC address
 * @param dev port or device
 * @param dst VXLAN remote (the flannel FDB entry's public IP), or null
 * @param vlan VLAN id, or null
 * @param master the bridge, or null
 * @param flags {@code self}, {@code master}-less words such as {@code extern_learn}, {@code offload}, {@code router},
 *     {@code sticky}
 * @param state {@code permanent}, {@code static}, or {@code dynamic} when none is printed
 * @param used seconds since last use (the first half of {@code used A/B}), or null
 * @param updated seconds since last update (the second half), or null
 * @param options other keywords ({@code port}, {@code vni}, {@code via}, {@code src_vni}, {@code nhid}, ...)
 * @param line 1-based line number (0 for JSON)
 */
public record BridgeFdbEntry(
    String mac,
    String dev,
    String dst,
    Integer vlan,
    String master,
    List<String> flags,
    String state,
    Long used,
    Long updated,
    Map<String, String> options,
    int line) {

  public BridgeFdbEntry {
    flags = List.copyOf(flags);
    options = Map.copyOf(options);
  }

  public boolean hasFlag(String flag) {
    return flags.contains(flag);
  }
}
