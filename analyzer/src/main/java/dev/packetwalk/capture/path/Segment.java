package dev.packetwalk.capture.path;

import dev.packetwalk.trace.Hop;
import java.util.List;

/**
 * One hop between two capture points, as the packets of one exchange crossed it.
 *
 * @param from the point the packets entered the hop at
 * @param to the next point; equal to {@code from} for the server's turn (the pod behind {@code server-veth})
 * @param node the node between the two points, "" for the underlay between two nodes
 * @param where what a person would call it: {@code node worker-1}, {@code underlay worker-1 → worker-2}
 * @param sent packets seen at {@code from} (for the server's turn: requests that reached it)
 * @param arrived of those, the ones seen at {@code to} (for the server's turn: answers that left it)
 * @param elsewhere of those, requests that NAT had sent to another endpoint than the captured server, so that
 *     {@code to} was never on their way
 * @param evidence the first lost packet, or the first pair that crossed
 */
public record Segment(Hop.Direction direction, PathRole from, PathRole to, String node, String where,
    CaptureVerdict verdict, int sent, int arrived, int elsewhere, List<PacketRef> evidence) {
  public Segment {
    evidence = List.copyOf(evidence);
  }

  /** Whether this is the server's turn (request in, answer out) rather than a stretch between two points. */
  public boolean serverTurn() {
    return from == to;
  }

  /** {@code client-veth → client-underlay: 2 of 2 seen}. */
  public String text() {
    String span = serverTurn() ? "behind " + from.id() : direction == Hop.Direction.REQUEST
        ? from.id() + " → " + to.id() : from.id() + " → " + to.id() + " (answer)";
    String counts = serverTurn() ? sent + " request(s), " + arrived + " answer(s)" : arrived + " of " + sent + " seen"
        + (elsewhere > 0 ? ", " + elsewhere + " to another endpoint" : "");
    return span + ": " + verdict + " (" + counts + ")";
  }
}
