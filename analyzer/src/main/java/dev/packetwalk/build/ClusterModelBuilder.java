package dev.packetwalk.build;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.ContainerLog;
import dev.packetwalk.model.cluster.CustomResource;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import dev.packetwalk.parse.kube.KubeObject;
import java.util.List;

/**
 * The one place where Kubernetes objects, as kubectl printed them, become the neutral {@link Cluster} model. Objects
 * are dispatched by their own {@code kind}, so a file holding the wrong kind still yields what it holds.
 */
public final class ClusterModelBuilder {
  private final Cluster.Builder model = Cluster.builder();

  /** Marks a kind as collected even when its list was empty: "no policies" differs from "policies unknown". */
  public ClusterModelBuilder present(Cluster.Kind kind) {
    model.present(kind);
    return this;
  }

  public ClusterModelBuilder serverVersion(String version) {
    model.serverVersion(version);
    return this;
  }

  /**
   * Converts one object. Returns false, with a warning, for a kind packetwalk does not model or an object whose
   * conversion failed.
   */
  public boolean add(KubeObject o, String fallbackKind, List<ParseWarning> warnings) {
    String kind = o.kind().isEmpty() ? fallbackKind : o.kind();
    try {
      switch (kind) {
        case "Pod" -> model.pod(PodConverter.convert(o));
        case "Service" -> model.service(ServiceConverter.service(o));
        case "Endpoints" -> model.endpoints(ServiceConverter.endpoints(o));
        case "EndpointSlice" -> model.endpointSlice(ServiceConverter.slice(o));
        case "Node" -> model.node(NodeConverter.node(o));
        case "Namespace" -> model.namespace(NodeConverter.namespace(o));
        case "NetworkPolicy" -> {
          if (o.apiVersion().startsWith("crd.projectcalico.org") || o.apiVersion().startsWith("projectcalico.org")) {
            model.customResource(new CustomResource(KubeFields.meta(o), "networkpolicies." + group(o)));
          } else {
            model.networkPolicy(PolicyConverter.convert(o));
          }
        }
        case "Ingress" -> model.ingress(IngressConverter.ingress(o));
        case "IngressClass" -> model.ingressClass(IngressConverter.ingressClass(o));
        case "Event" -> model.event(EventConverter.convert(o));
        case "DaemonSet", "Deployment" -> model.workload(WorkloadConverter.workload(o));
        case "ConfigMap" -> model.configMap(WorkloadConverter.configMap(o));
        default -> {
          if (o.file().startsWith("cluster/custom/")) {
            String file = o.file().substring("cluster/custom/".length());
            model.customResource(new CustomResource(KubeFields.meta(o), file.replaceFirst("\\.json$", "")));
            return true;
          }
          warnings.add(new ParseWarning(o.file(), o.ref().line(), Kind.UNSUPPORTED,
              "kind '" + kind + "' (" + o.apiVersion() + ") is not used by packetwalk", o.name()));
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      warnings.add(new ParseWarning(o.file(), o.ref().line(), Kind.MALFORMED,
          kind + " '" + o.name() + "' could not be read: " + e.getMessage(), ""));
      return false;
    }
  }

  public ClusterModelBuilder log(ContainerLog log) {
    model.log(log);
    return this;
  }

  public Cluster build() {
    return model.build();
  }

  private static String group(KubeObject o) {
    String av = o.apiVersion();
    int slash = av.indexOf('/');
    return slash < 0 ? av : av.substring(0, slash);
  }
}
