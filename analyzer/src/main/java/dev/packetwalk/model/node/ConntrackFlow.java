package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;

/**
 * One conntrack entry: the original direction as the client sent it, the reply as the kernel expects it back (after
 * DNAT the reply source is the backend).
 *
 * @param state TCP state, or ""
 * @param sport source port, -1 for protocols without ports
 */
public record ConntrackFlow(String protocol, String src, String dst, int sport, int dport, String replySrc,
    String replyDst, int replySport, int replyDport, String state, boolean unreplied, boolean assured,
    SourceRef ref) {

  public ConntrackFlow {
    state = state == null ? "" : state;
  }

  /** The reply comes from somewhere other than the original destination: the flow was DNATed. */
  public boolean dnated() {
    return replySrc != null && !replySrc.equals(dst);
  }
}
