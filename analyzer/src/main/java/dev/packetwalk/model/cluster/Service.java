package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;
import java.util.List;
import java.util.Map;

/**
 * A Service. {@code selector} is null when the Service has none (its endpoints are managed by hand), which is not
 * the same as an empty selector. {@code specRefs} holds where the spec fields that findings cite stand (selector,
 * type, externalTrafficPolicy, internalTrafficPolicy), keyed by field name.
 */
public record Service(ObjectMeta meta, String type, String clusterIP, List<String> clusterIPs, LabelSelector selector,
    List<ServicePort> ports, String externalTrafficPolicy, String internalTrafficPolicy, int healthCheckNodePort,
    List<String> externalIPs, List<String> loadBalancerIngress, List<String> loadBalancerSourceRanges,
    String sessionAffinity, String externalName, Map<String, SourceRef> specRefs) {

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
    specRefs = specRefs == null ? Map.of() : Map.copyOf(specRefs);
  }

  /** A Service without field positions, for models built by hand. */
  public Service(ObjectMeta meta, String type, String clusterIP, List<String> clusterIPs, LabelSelector selector,
      List<ServicePort> ports, String externalTrafficPolicy, String internalTrafficPolicy, int healthCheckNodePort,
      List<String> externalIPs, List<String> loadBalancerIngress, List<String> loadBalancerSourceRanges,
      String sessionAffinity, String externalName) {
    this(meta, type, clusterIP, clusterIPs, selector, ports, externalTrafficPolicy, internalTrafficPolicy,
        healthCheckNodePort, externalIPs, loadBalancerIngress, loadBalancerSourceRanges, sessionAffinity,
        externalName, Map.of());
  }

  /** Where spec field {@code field} ("selector", "externalTrafficPolicy", ...) stands; the Service itself if unknown. */
  public SourceRef specRef(String field) {
    return specRefs.getOrDefault(field, meta.ref());
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
