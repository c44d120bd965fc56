package dev.packetwalk.capture;

import java.util.List;
import java.util.Objects;

/**
 * One capture of a bundle as the report and the checks see it: where it was taken (when the collector recorded
 * it), what {@link CaptureAnalyzer} concluded, the cluster-aware readings of its problems, and a short packet
 * timeline of each problem flow. Built by {@code analysis.CaptureStage}; immutable.
 *
 * @param path the capture's path in the bundle
 * @param point the capture point from the collector's sidecar, or {@code null} for a capture without one
 * @param summary the analysis
 * @param notes readings that need the cluster model (expected behaviour, the Service behind a ClusterIP), each
 *     tied to one problem by its index in {@code summary.problems()}
 */
public record CaptureResult(String path, Point point, CaptureSummary summary, List<Note> notes) {

  public CaptureResult {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(summary, "summary");
    notes = List.copyOf(notes);
  }

  /** One per problem flow, in problem order. */
  public List<Timeline> timelines() {
    return summary.timelines();
  }

  /** The timeline of problem {@code index}, if it has one. */
  public java.util.Optional<Timeline> timelineFor(int index) {
    return summary.timelines().stream().filter(t -> t.problem() == index).findFirst();
  }

  /** The node the capture was taken on: from the sidecar, else from a {@code nodes/<node>/} path, else "". */
  public String node() {
    if (point != null && !point.node().isEmpty()) return point.node();
    String[] seg = path.split("/");
    return seg.length > 2 && seg[0].equals("nodes") ? seg[1] : "";
  }

  /** The notes about problem {@code index}. */
  public List<Note> notesFor(int index) {
    return notes.stream().filter(n -> n.problem() == index).toList();
  }

  /**
   * Where and how a capture was taken ({@code nodes/<node>/captures/<point>.json}). Counts are {@code null} when
   * tcpdump printed no summary (it was cut by the byte cap).
   *
   * <p>The path-capture fields ({@code packetwalk-collect --capture-path}) place the capture on a path and in time,
   * so that a later stage can match the points of one path to the trace's hops: {@code role} is
   * {@code client-veth}, {@code client-underlay}, {@code server-underlay} or {@code server-veth} ("" for a
   * capture taken without a role); {@code requested} is the point as asked for ({@code pod/NS/NAME},
   * {@code addr/IP}, an interface); the clocks are the node's own {@code date +%s.%N} (seconds since the epoch,
   * "" when not recorded) just before tcpdump started, when it said it was listening, and when it ended, so that
   * the points of two nodes can be set side by side and their clock skew seen.
   */
  public record Point(String node, String point, String iface, String pod, String filter, int snaplen,
      String startTime, String endTime, String clock, String tcpdumpVersion, String stoppedBy, Long packetsCaptured,
      Long packetsReceivedByFilter, Long packetsDroppedByKernel, String sidecar, String role, String requested,
      String startClock, String listeningClock, String endClock) {
    public Point {
      node = n(node);
      point = n(point);
      iface = n(iface);
      pod = n(pod);
      filter = n(filter);
      startTime = n(startTime);
      endTime = n(endTime);
      clock = n(clock);
      tcpdumpVersion = n(tcpdumpVersion);
      stoppedBy = n(stoppedBy);
      sidecar = n(sidecar);
      role = n(role);
      requested = n(requested);
      startClock = n(startClock);
      listeningClock = n(listeningClock);
      endClock = n(endClock);
    }

    /** {@link #startClock()} in nanoseconds since the epoch, if it was recorded and reads as a number. */
    public java.util.OptionalLong startNanos() {
      return ClockReading.nanos(startClock);
    }

    /** {@link #listeningClock()} in nanoseconds since the epoch, if it was recorded and reads as a number. */
    public java.util.OptionalLong listeningNanos() {
      return ClockReading.nanos(listeningClock);
    }

    private static String n(String s) {
      return s == null ? "" : s;
    }
  }

  /** How a note reads a problem. */
  public enum Verdict {
    /** Not a fault: what Kubernetes does by design (a ClusterIP does not answer ping). */
    EXPECTED,
    /** A fault with a known cause named by the cluster model (a Service without endpoints). */
    EXPLAINED,
    /** Points to other findings for the cause (the DNS checks). */
    SEE_ALSO
  }

  /**
   * A cluster-aware reading of one problem.
   *
   * @param problem index into {@code summary.problems()}
   * @param service "namespace/name" of the Service whose ClusterIP the flow targets, or ""
   * @param related ids of checks whose findings explain the cause
   */
  public record Note(int problem, Verdict verdict, String text, String service, List<String> related) {
    public Note {
      Objects.requireNonNull(verdict, "verdict");
      text = text == null ? "" : text;
      service = service == null ? "" : service;
      related = List.copyOf(related);
    }
  }
}
