package dev.packetwalk.trace;

/**
 * One flow to trace: the first packet's 5-tuple and where it enters the dataplane.
 *
 * @param from what the user or the matrix named as the sender ({@code pod/shop/client-…}, {@code node/worker-1})
 * @param to what was named as the receiver ({@code svc/shop/api:http}, {@code 10.244.2.10:8080})
 * @param srcPort the client's ephemeral port (a fixed, documented choice: the evidence cannot know it)
 * @param start the ingress point
 * @param replyLength size of the answer in bytes, so that a large response meets the path MTU
 */
public record Flow(String from, String to, Proto proto, String src, int srcPort, String dst, int dstPort,
    Start start, int length, int replyLength) {

  /** The ephemeral port every traced flow uses as its source port. */
  public static final int EPHEMERAL_PORT = 40000;

  /** Where the first packet enters: a pod's network namespace, a node's own stack, or the outside. */
  public record Start(Kind kind, String node, String netns, String pod) {
    public Start {
      node = node == null ? "" : node;
      netns = netns == null ? "" : netns;
      pod = pod == null ? "" : pod;
    }

    public enum Kind {
      /** Sent by a process in a pod's namespace. */
      POD,
      /** Sent by the node itself (host network). */
      NODE,
      /** Arrives on a node's underlay from outside the cluster. */
      EXTERNAL
    }
  }

  public Packet firstPacket() {
    return new Packet(proto, src, srcPort, dst, dstPort, 0, length, false);
  }

  /** {@code pod/shop/client → svc/shop/api:http (tcp 10.244.1.20:40000 → 10.96.100.20:80)}. */
  public String describe() {
    return from + " → " + to + " (" + firstPacket().tuple() + ")";
  }
}
