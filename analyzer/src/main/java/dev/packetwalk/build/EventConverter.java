package dev.packetwalk.build;

import static dev.packetwalk.build.KubeFields.integer;
import static dev.packetwalk.build.KubeFields.meta;
import static dev.packetwalk.build.KubeFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.cluster.Event;
import dev.packetwalk.parse.kube.KubeObject;

/** core/v1 Event and events.k8s.io/v1 Event → model. */
final class EventConverter {
  private EventConverter() {}

  static Event convert(KubeObject o) {
    JsonNode n = o.node();
    boolean v1 = n.has("regarding") || n.has("note");
    JsonNode involved = v1 ? n.path("regarding") : n.path("involvedObject");
    String message = v1 ? text(n.get("note")) : text(n.get("message"));
    int count = v1 ? integer(n.path("series").get("count"), integer(n.get("deprecatedCount"), 1))
        : integer(n.get("count"), 1);
    String last = text(n.get("lastTimestamp"));
    if (last.isEmpty()) last = text(n.get("eventTime"));
    if (last.isEmpty()) last = text(n.path("series").get("lastObservedTime"));
    String component = v1 ? text(n.get("reportingController")) : text(n.path("source").get("component"));
    String host = v1 ? text(n.get("reportingInstance")) : text(n.path("source").get("host"));
    return new Event(meta(o), text(n.get("type")), text(n.get("reason")), message, text(involved.get("kind")),
        text(involved.get("namespace")), text(involved.get("name")), Math.max(count, 1), last, component, host);
  }
}
