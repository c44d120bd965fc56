package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * An Ingress, with its class as given by spec.ingressClassName or the older kubernetes.io/ingress.class annotation;
 * {@code classRef} is where that class was named (the Ingress itself when it names none).
 */
public record Ingress(ObjectMeta meta, String ingressClassName, Backend defaultBackend, List<Rule> rules,
    List<String> tlsHosts, List<String> loadBalancerIngress, SourceRef classRef) {

  public Ingress {
    ingressClassName = ingressClassName == null ? "" : ingressClassName;
    rules = List.copyOf(rules);
    tlsHosts = List.copyOf(tlsHosts);
    loadBalancerIngress = List.copyOf(loadBalancerIngress);
    classRef = classRef == null || classRef.isNone() ? meta.ref() : classRef;
  }

  /** An Ingress without the class position, for models built by hand. */
  public Ingress(ObjectMeta meta, String ingressClassName, Backend defaultBackend, List<Rule> rules,
      List<String> tlsHosts, List<String> loadBalancerIngress) {
    this(meta, ingressClassName, defaultBackend, rules, tlsHosts, loadBalancerIngress, null);
  }

  /** A host with its paths. */
  public record Rule(String host, List<Path> paths) {
    public Rule {
      host = host == null ? "" : host;
      paths = List.copyOf(paths);
    }
  }

  /** A path routed to a backend. */
  public record Path(String path, String pathType, Backend backend) {}

  /**
   * A backend: a Service by name and port (number or name), or a non-Service resource (resourceKind set).
   */
  public record Backend(String serviceName, IntOrString servicePort, String resourceKind, String resourceName,
      SourceRef ref) {
    public Backend {
      serviceName = serviceName == null ? "" : serviceName;
      resourceKind = resourceKind == null ? "" : resourceKind;
      resourceName = resourceName == null ? "" : resourceName;
    }

    public boolean isService() {
      return !serviceName.isEmpty();
    }

    @Override
    public String toString() {
      return isService() ? serviceName + ":" + servicePort : resourceKind + "/" + resourceName;
    }
  }

  /** Every backend the Ingress routes to, default backend first. */
  public List<Backend> backends() {
    List<Backend> all = new java.util.ArrayList<>();
    if (defaultBackend != null) all.add(defaultBackend);
    for (Rule r : rules) for (Path p : r.paths()) if (p.backend() != null) all.add(p.backend());
    return all;
  }
}
