package dev.packetwalk.trace.flows;

/** The traffic types of seeds 000 and 004 that {@code analyze} traces on its own. */
public enum FlowKind {
  POD_POD_SAME_NODE("pod → pod, same node"),
  POD_POD_CROSS_NODE("pod → pod, across nodes"),
  POD_CLUSTER_IP("pod → ClusterIP"),
  POD_NODE_PORT("pod → NodePort"),
  POD_LOAD_BALANCER("pod → LoadBalancer IP"),
  POD_INGRESS("pod → Ingress controller"),
  POD_EXTERNAL("pod → outside the cluster"),
  NODE_POD("node → pod"),
  DNS_UDP("DNS over UDP"),
  DNS_TCP("DNS over TCP"),
  ASKED("asked for");

  private final String label;

  FlowKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
