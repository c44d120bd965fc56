package dev.packetwalk.parse.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.SourceRef;

/**
 * One Kubernetes object exactly as kubectl printed it: the faithful record of the API's own representation. It
 * knows where each of its fields stands in the file.
 *
 * @param file bundle path
 * @param pointer JSON pointer of the object within its document ("" for a single object, "/items/3" in a List)
 * @param node the object
 * @param lines line map of the whole document
 */
public record KubeObject(String file, String pointer, JsonNode node, LineMap lines) {

  public String kind() {
    return node.path("kind").asText("");
  }

  public String apiVersion() {
    return node.path("apiVersion").asText("");
  }

  public String namespace() {
    return node.path("metadata").path("namespace").asText("");
  }

  public String name() {
    return node.path("metadata").path("name").asText("");
  }

  /** Where a field of this object stands, given its pointer relative to the object (e.g. "/spec/selector"). */
  public SourceRef ref(String relativePointer) {
    String p = pointer + relativePointer;
    return new SourceRef(file, lines.lineOf(p), p);
  }

  public SourceRef ref() {
    return ref("");
  }
}
