package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * A pod as the node's dataplane holds it: its network namespace, the host end of its veth, and the Kubernetes Pod.
 * Any part may be missing (a host veth whose pod is gone; a Pod whose veth was not found), which is itself a clue.
 *
 * @param netns namespace name, or "" when the join came from the pod IP alone
 * @param hostInterface host veth name, or "" when none has the pod's iflink
 * @param hostIfindex its ifindex, 0 when none
 * @param podNamespace the Kubernetes pod's namespace, or ""
 * @param podName the Kubernetes pod's name, or ""
 * @param podIP the pod's IP (from the namespace, else from the Pod), or ""
 * @param joinedBy how the parts were joined: {@code eth0 iflink = host ifindex}, {@code pod IP}, {@code crictl}
 * @param refs the lines that support the join (host veth line, iflink file, pod.txt, route)
 */
public record PodJoin(String netns, String hostInterface, int hostIfindex, String podNamespace, String podName,
    String podIP, List<String> joinedBy, List<SourceRef> refs) {
  public PodJoin {
    netns = netns == null ? "" : netns;
    hostInterface = hostInterface == null ? "" : hostInterface;
    podNamespace = podNamespace == null ? "" : podNamespace;
    podName = podName == null ? "" : podName;
    podIP = podIP == null ? "" : podIP;
    joinedBy = List.copyOf(joinedBy);
    refs = List.copyOf(refs);
  }

  /** "ns/name", or "" when no Kubernetes pod was found. */
  public String podKey() {
    return podName.isEmpty() ? "" : podNamespace + "/" + podName;
  }
}
