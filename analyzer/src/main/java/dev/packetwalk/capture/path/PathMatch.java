package dev.packetwalk.capture.path;

import java.util.List;
import java.util.Optional;

/**
 * The packets of one flow matched over the capture points of its path.
 *
 * @param roles the points on the path, in order (a point no packet of the flow crossed is left out, see notes)
 * @param exchanges the flow's connections, oldest first (at most {@link PathMatcher#MAX_EXCHANGES})
 * @param more how many further exchanges were left out
 * @param notes what limits the reading: a point without capture, a point left out, a capture cut short
 */
public record PathMatch(List<PathRole> roles, List<Exchange> exchanges, int more, List<String> notes) {
  public PathMatch {
    roles = List.copyOf(roles);
    exchanges = List.copyOf(exchanges);
    notes = List.copyOf(notes);
  }

  /** The first exchange that failed, if any. */
  public Optional<Exchange> firstFailing() {
    return exchanges.stream().filter(e -> e.verdict().failed()).findFirst();
  }

  /**
   * The path's verdict: the first failing exchange's; else delivered when one exchange was followed to the end of the
   * path (or its answer back); else {@link CaptureVerdict#TO_OTHER_ENDPOINT} when one left it for another endpoint;
   * else no packets (nothing matched, or nothing the later points could have seen).
   */
  public CaptureVerdict verdict() {
    if (exchanges.isEmpty()) return CaptureVerdict.NO_PACKETS;
    if (firstFailing().isPresent()) return firstFailing().get().verdict();
    for (CaptureVerdict v : List.of(CaptureVerdict.DELIVERED_AT_HOP, CaptureVerdict.TO_OTHER_ENDPOINT)) {
      if (exchanges.stream().anyMatch(e -> e.verdict() == v)) return v;
    }
    return CaptureVerdict.NO_PACKETS;
  }
}
