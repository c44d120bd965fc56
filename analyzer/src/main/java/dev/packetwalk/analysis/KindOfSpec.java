package dev.packetwalk.analysis;

import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.model.cluster.Cluster;
import java.util.Optional;

/** Which Kubernetes kind each cluster evidence file holds. */
final class KindOfSpec {
  private KindOfSpec() {}

  /** The kind assumed for list items that lack one (kubectl always prints it, hand-made files may not). */
  static String fallbackKind(EvidenceSpec spec) {
    return switch (spec) {
      case NODES -> "Node";
      case NAMESPACES -> "Namespace";
      case PODS -> "Pod";
      case SERVICES -> "Service";
      case ENDPOINTS -> "Endpoints";
      case ENDPOINT_SLICES -> "EndpointSlice";
      case INGRESSES -> "Ingress";
      case INGRESS_CLASSES -> "IngressClass";
      case NETWORK_POLICIES -> "NetworkPolicy";
      case EVENTS -> "Event";
      case KUBE_SYSTEM_CONFIGMAPS, NETWORK_NAMESPACE_CONFIGMAPS -> "ConfigMap";
      case KUBE_SYSTEM_DAEMONSETS, NETWORK_NAMESPACE_DAEMONSETS -> "DaemonSet";
      case KUBE_SYSTEM_DEPLOYMENTS, NETWORK_NAMESPACE_DEPLOYMENTS -> "Deployment";
      default -> "";
    };
  }

  /** The model kind whose presence a readable file proves. */
  static Optional<Cluster.Kind> kind(EvidenceSpec spec) {
    return Optional.ofNullable(switch (spec) {
      case NODES -> Cluster.Kind.NODES;
      case NAMESPACES -> Cluster.Kind.NAMESPACES;
      case PODS -> Cluster.Kind.PODS;
      case SERVICES -> Cluster.Kind.SERVICES;
      case ENDPOINTS -> Cluster.Kind.ENDPOINTS;
      case ENDPOINT_SLICES -> Cluster.Kind.ENDPOINT_SLICES;
      case INGRESSES -> Cluster.Kind.INGRESSES;
      case INGRESS_CLASSES -> Cluster.Kind.INGRESS_CLASSES;
      case NETWORK_POLICIES -> Cluster.Kind.NETWORK_POLICIES;
      case EVENTS -> Cluster.Kind.EVENTS;
      case KUBE_SYSTEM_CONFIGMAPS, NETWORK_NAMESPACE_CONFIGMAPS -> Cluster.Kind.CONFIG_MAPS;
      case KUBE_SYSTEM_DAEMONSETS, KUBE_SYSTEM_DEPLOYMENTS, NETWORK_NAMESPACE_DAEMONSETS,
          NETWORK_NAMESPACE_DEPLOYMENTS -> Cluster.Kind.WORKLOADS;
      default -> null;
    });
  }
}
