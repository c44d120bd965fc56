package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;
import java.util.Map;

/** The identity and labels every Kubernetes object carries, plus where it stands in the bundle. */
public record ObjectMeta(String kind, String namespace, String name, String uid, Map<String, String> labels,
    Map<String, String> annotations, String ownerKind, String ownerName, SourceRef ref) {

  public ObjectMeta {
    namespace = namespace == null ? "" : namespace;
    uid = uid == null ? "" : uid;
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    ownerKind = ownerKind == null ? "" : ownerKind;
    ownerName = ownerName == null ? "" : ownerName;
  }

  /** "namespace/name", or "name" for cluster-scoped objects. */
  public String key() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
