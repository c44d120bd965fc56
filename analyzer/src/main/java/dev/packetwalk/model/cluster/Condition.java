package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;

/** A status condition of a pod or node. */
public record Condition(String type, String status, String reason, String message, SourceRef ref) {
  public Condition {
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }

  public boolean isTrue() {
    return "True".equals(status);
  }
}
