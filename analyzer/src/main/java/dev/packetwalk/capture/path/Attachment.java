package dev.packetwalk.capture.path;

/**
 * Where a path's capture verdict sits on its trace, and whether it agrees with the tracer.
 *
 * @param branch index of the trace branch the captured packets took (matched by the endpoint the NAT chose), or -1
 * @param hop index into that branch's hops of the hop the packets vanished in (a node, the server pod, or the
 *     underlay between two nodes), or -1 (delivered, gone to another endpoint, a place the trace does not pass, or
 *     no trace)
 * @param where the hop as a person would name it ({@code node worker-2}, {@code underlay worker-1 → worker-2}), or ""
 * @param text one sentence: what the capture saw against what the tracer predicted
 */
public record Attachment(int branch, int hop, String where, Agreement agreement, String text) {
  public static final Attachment NONE = new Attachment(-1, -1, "", Agreement.UNKNOWN, "");
}
