package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;

/**
 * A container's observed state. {@code state} is "running", "waiting" or "terminated", with the kubelet's reason
 * (CrashLoopBackOff, ContainerCreating, Error, ...); {@code lastTerminationReason} and {@code lastExitCode} describe
 * the previous instance, whose log is the one that explains a crash loop.
 */
public record ContainerStatus(String name, boolean init, boolean ready, int restartCount, String state,
    String reason, String message, String lastTerminationReason, Integer lastExitCode, SourceRef ref) {
  public ContainerStatus {
    state = state == null ? "" : state;
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    lastTerminationReason = lastTerminationReason == null ? "" : lastTerminationReason;
  }

  public boolean crashLooping() {
    return "CrashLoopBackOff".equals(reason);
  }
}
