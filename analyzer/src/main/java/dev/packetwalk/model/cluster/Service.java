package dev.packetwalk.model.cluster;

import java.util.List;

/**
 * A Service. {@code selector} is null when the Service has none (its endpoints are managed by hand), which is not
 * the same as an empty selector.
 */
public record Service(ObjectMeta meta, String type, String clusterIP, List<String> clusterIPs, LabelSelector selector,
    List<ServicePort> ports, String externalTrafficPolicy, String internalTrafficPolicy, int healthCheckNodePort,
    List<String> externalIPs, List<String> loadBalancerIngress, List<String> loadBalancerSourceRanges,
    String sessionAffinity, String externalName) {

  public Service {
    type = type == null || type.isEmpty() ? "ClusterIP" : type;
    clusterIP = clusterIP == null ? "" : clusterIP;
    clusterIPs = List.copyOf(clusterIPs);
    ports = List.copyOf(ports);
    externalTrafficPolicy = externalTrafficPolicy == null ? "" : externalTrafficPolicy;
    internalTrafficPolicy = internalTrafficPolicy == null ? "" : internalTrafficPolicy;
    externalIPs = List.copyOf(externalIPs);
    loadBalancerIngress = List.copyOf(loadBalancerIngress);
    loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
    sessionAffinity = sessionAffinity == null ? "" : sessionAffinity;
    externalName = externalName == null ? "" : externalName;
  }

  public boolean headless() {
    return "None".equals(clusterIP);
  }

  public boolean hasSelector() {
    return selector != null && !selector.isEmpty();
  }

  public boolean isExternalName() {
    return "ExternalName".equals(type);
  }
}
