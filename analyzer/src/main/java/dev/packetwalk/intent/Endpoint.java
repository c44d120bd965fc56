package dev.packetwalk.intent;

import dev.packetwalk.model.cluster.Pod;
import java.util.List;
import java.util.Objects;

/**
 * One end of a connection as NetworkPolicy sees it: a pod (namespace, labels, IPs, named container ports) or a bare
 * IP address outside the pod network (an external client, a node, or a Service ClusterIP when no backend is known).
 *
 * @param pod the pod, or null for an IP endpoint
 * @param ip the address used; for a pod its first pod IP (may be empty for a pod without an IP yet)
 */
public record Endpoint(Pod pod, String ip) {
  public Endpoint {
    ip = ip == null ? "" : ip;
    if (pod == null && ip.isEmpty()) throw new IllegalArgumentException("an endpoint needs a pod or an IP");
  }

  public static Endpoint of(Pod pod) {
    Objects.requireNonNull(pod, "pod");
    return new Endpoint(pod, pod.podIPs().isEmpty() ? pod.podIP() : pod.podIPs().get(0));
  }

  public static Endpoint ip(String ip) {
    return new Endpoint(null, ip);
  }

  public boolean isPod() {
    return pod != null;
  }

  /** Every address the endpoint answers on: all pod IPs of a dual-stack pod. */
  public List<String> ips() {
    if (pod == null) return List.of(ip);
    return pod.podIPs().isEmpty() ? (ip.isEmpty() ? List.of() : List.of(ip)) : pod.podIPs();
  }

  /** "pod shop/web-1 (10.244.1.5)" or "IP 10.96.0.10". */
  public String label() {
    if (pod == null) return "IP " + ip;
    return "pod " + pod.meta().key() + (ip.isEmpty() ? "" : " (" + ip + ")");
  }
}
