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
 */
public record PodNetns(String name, String podNamespace, String podName, int eth0Iflink, List<String> addresses,
    SourceRef iflinkRef, SourceRef ref) {
  public PodNetns {
    podNamespace = podNamespace == null ? "" : podNamespace;
    podName = podName == null ? "" : podName;
    addresses = List.copyOf(addresses);
    iflinkRef = iflinkRef == null ? SourceRef.NONE : iflinkRef;
    ref = ref == null ? SourceRef.NONE : ref;
  }
}
