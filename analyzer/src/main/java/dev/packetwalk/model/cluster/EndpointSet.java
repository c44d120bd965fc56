package dev.packetwalk.model.cluster;

import java.util.List;

/**
 * The backends of a Service as one API object lists them: a legacy Endpoints object (source ENDPOINTS), or one
 * EndpointSlice (source SLICE). Both APIs are kept because their disagreeing is itself a finding.
 *
 * @param serviceName the Service these endpoints belong to (the object name for Endpoints, the
 *     kubernetes.io/service-name label for slices)
 */
public record EndpointSet(ObjectMeta meta, Source source, String serviceName, String addressType,
    List<EndpointAddress> addresses, List<EndpointPort> ports) {

  /** Which API the set came from. */
  public enum Source { ENDPOINTS, SLICE }

  public EndpointSet {
    addressType = addressType == null ? "" : addressType;
    addresses = List.copyOf(addresses);
    ports = List.copyOf(ports);
  }

  public List<EndpointAddress> ready() {
    return addresses.stream().filter(EndpointAddress::ready).toList();
  }
}
