package dev.packetwalk.capture.path;

import dev.packetwalk.trace.Trace;
import java.util.List;

/**
 * One flow of a captured path ({@code manifest.json capturePath}): the packets matched over the path's capture
 * points, the trace of the same flow from the collected configuration, and the capture verdict set on that trace.
 *
 * @param from the manifest's {@code capturePath.from} ({@code pod/NS/NAME})
 * @param to the manifest's {@code capturePath.to}
 * @param flow the flow as the client's veth saw it ({@code tcp 10.244.1.20 → 10.96.100.20:80})
 * @param trace the tracer's walk of that flow, or null when it could not be resolved (see notes)
 */
public record CapturePath(String from, String to, String flow, Trace trace, PathMatch match, Attachment attachment,
    List<String> notes) {
  public CapturePath {
    notes = List.copyOf(notes);
    attachment = attachment == null ? Attachment.NONE : attachment;
  }

  public CaptureVerdict verdict() {
    return match.verdict();
  }
}
