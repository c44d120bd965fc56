package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * One pod network namespace seen from the node ({@code netns/<name>/}).
 *
 * @param podNamespace the owning pod's namespace from crictl, or ""
 * @param podName the owning pod's name from crictl, or ""
 * @param eth0Iflink eth0's iflink: the ifindex of its veth peer on the host; 0 when unknown
 * @param addresses eth0's global addresses (without prefix)
 * @param ref the {@code pod.txt} (or {@code eth0-iflink.txt}) file
 * @param eth0Mtu eth0's MTU inside the pod, 0 when unknown
 * @param eth0Ref the eth0 line of the pod's {@code ip -d link} (else {@code ip -d addr})
 * @param resolvConf the sandbox's resolv.conf ({@code netns/<name>/resolv.conf}), or null when not collected
 * @param routes the namespace's own routes ({@code netns/<name>/ip-route.txt}), main table
 * @param listeners its listening sockets
 * @param listenersKnown whether listening sockets were collected: without them "nothing listens" cannot be told from
 *     "not collected"
 */
public record PodNetns(String name, String podNamespace, String podName, int eth0Iflink, List<String> addresses,
    SourceRef iflinkRef, SourceRef ref, int eth0Mtu, SourceRef eth0Ref, ResolverConfig resolvConf,
    List<Route> routes, List<Listener> listeners, boolean listenersKnown) {

  public PodNetns(String name, String podNamespace, String podName, int eth0Iflink, List<String> addresses,
      SourceRef iflinkRef, SourceRef ref) {
    this(name, podNamespace, podName, eth0Iflink, addresses, iflinkRef, ref, 0, null, null, List.of(), List.of(),
        false);
  }

  public PodNetns {
    routes = List.copyOf(routes);
    listeners = List.copyOf(listeners);
    eth0Ref = eth0Ref == null ? SourceRef.NONE : eth0Ref;
    podNamespace = podNamespace == null ? "" : podNamespace;
    podName = podName == null ? "" : podName;
    addresses = List.copyOf(addresses);
    iflinkRef = iflinkRef == null ? SourceRef.NONE : iflinkRef;
    ref = ref == null ? SourceRef.NONE : ref;
  }
}
