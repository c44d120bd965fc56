package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * One ipset ({@code ipset list}): kube-proxy's IPVS mode (KUBE-CLUSTER-IP, KUBE-LOOP-BACK, ...), Calico and Azure NPM
 * match packets against these.
 *
 * @param type {@code hash:ip}, {@code hash:ip,port}, {@code hash:ip,port,ip}, {@code hash:net}, {@code bitmap:port},
 *     {@code list:set}, ...
 * @param members entries as printed ({@code 10.96.0.10,udp:53}, {@code 10.244.0.0/16})
 * @param memberRefs the line of each member, in the same order
 * @param complete false when the set was cut short (size cap) or printed without members ({@code -terse})
 */
public record IpSet(String name, String type, List<String> members, List<SourceRef> memberRefs, boolean complete,
    SourceRef ref) {
  public IpSet {
    type = type == null ? "" : type;
    members = List.copyOf(members);
    memberRefs = List.copyOf(memberRefs);
  }
}
