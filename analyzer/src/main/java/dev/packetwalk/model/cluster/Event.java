package dev.packetwalk.model.cluster;

/**
 * An event, from core/v1 or events.k8s.io/v1 (whose note/regarding/deprecatedCount are mapped to
 * message/involved object/count).
 */
public record Event(ObjectMeta meta, String type, String reason, String message, String involvedKind,
    String involvedNamespace, String involvedName, int count, String lastTimestamp, String sourceComponent,
    String sourceHost) {
  public Event {
    type = type == null ? "" : type;
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    involvedKind = involvedKind == null ? "" : involvedKind;
    involvedNamespace = involvedNamespace == null ? "" : involvedNamespace;
    involvedName = involvedName == null ? "" : involvedName;
    lastTimestamp = lastTimestamp == null ? "" : lastTimestamp;
    sourceComponent = sourceComponent == null ? "" : sourceComponent;
    sourceHost = sourceHost == null ? "" : sourceHost;
  }

  public boolean isWarning() {
    return "Warning".equals(type);
  }
}
