package dev.packetwalk.check.capture;

import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.capture.CaptureResult.Note;
import dev.packetwalk.capture.CaptureResult.Verdict;
import dev.packetwalk.capture.Problem;
import dev.packetwalk.capture.ProblemKind;
import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Connections and queries that a packet capture shows failing: a SYN nobody answered, a SYN refused with RST or
 * rejected with ICMP, DNS queries that got no response. Reads the analysed captures from the check context; a
 * problem the capture stage marked EXPECTED (ping to a ClusterIP) is not reported.
 */
public final class CaptureHandshakeFailures implements Check {
  static final CheckInfo INFO = new CheckInfo("capture-handshake-failures", "Capture shows failed connections",
      Severity.ERROR, Layer.CNI,
      "A packet capture in the bundle shows TCP handshakes that failed (unanswered, refused, rejected) or DNS "
          + "queries without a response.");

  private static final Map<ProblemKind, String> WHAT = Map.of(
      ProblemKind.TCP_SYN_UNANSWERED, "SYN never answered",
      ProblemKind.TCP_CONNECTION_REFUSED, "connection refused (RST)",
      ProblemKind.TCP_CONNECTION_REJECTED, "connection rejected (ICMP unreachable)",
      ProblemKind.DNS_NO_RESPONSE, "DNS query without response");

  private static final Map<ProblemKind, String> OUTCOME = Map.of(
      ProblemKind.TCP_SYN_UNANSWERED, "The server side never answered at this capture point: either the SYN was "
          + "dropped before it reached the server (a firewall DROP, a NetworkPolicy, a black-holed route) or the "
          + "answer was lost on the way back. Capture at the server's veth too to tell \"never received\" from "
          + "\"answered but the client never got it\".",
      ProblemKind.TCP_CONNECTION_REFUSED, "Something answered the SYN with a reset: the address was reached but "
          + "nothing listens on that port there (or a REJECT --reject-with tcp-reset).",
      ProblemKind.TCP_CONNECTION_REJECTED, "A router or the target's netfilter answered the SYN with ICMP "
          + "unreachable: the packet was refused on purpose on the way.",
      ProblemKind.DNS_NO_RESPONSE, "Queries left this capture point and no response came back: the DNS server "
          + "never received them, never answered, or its answers were dropped on the way back.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (ctx.captures().isEmpty()) {
      ctx.insufficient("no packet captures in the bundle (packetwalk-node --capture-seconds N)");
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (CaptureResult c : ctx.captures()) {
      List<Problem> problems = c.summary().problems();
      for (int i = 0; i < problems.size(); i++) {
        Problem p = problems.get(i);
        if (!WHAT.containsKey(p.kind())) continue;
        List<Note> notes = c.notesFor(i);
        if (notes.stream().anyMatch(n -> n.verdict() == Verdict.EXPECTED)) continue;
        String target = p.flow() == null ? "" : " to " + endpoint(p);
        String service = notes.stream().map(Note::service).filter(s -> !s.isEmpty()).findFirst().orElse("");
        Subject subject = service.isEmpty() ? Subject.of("Capture", "", c.path())
            : Subject.of("Service", service.substring(0, service.indexOf('/')),
                service.substring(service.indexOf('/') + 1));
        if (!c.node().isEmpty()) subject = subject.onNode(c.node());
        String frames = p.packets().stream().map(String::valueOf).collect(Collectors.joining(", "));
        StringBuilder why = new StringBuilder(c.path() + (c.point() != null && !c.point().iface().isEmpty()
            ? " (interface " + c.point().iface() + (c.point().pod().isEmpty() ? "" : ", pod " + c.point().pod())
                + " on node " + c.node() + ")" : "") + ": " + p.detail() + ". " + OUTCOME.get(p.kind()));
        for (Note n : notes) {
          why.append(' ').append(n.text());
        }
        String related = notes.stream().flatMap(n -> n.related().stream()).distinct()
            .collect(Collectors.joining(", "));
        out.add(ctx.finding(subject, "Capture " + c.path() + ": " + WHAT.get(p.kind()) + target)
            .severity(p.kind() == ProblemKind.DNS_NO_RESPONSE ? Severity.WARNING : Severity.ERROR)
            .layer(service.isEmpty() ? Layer.CNI : Layer.KUBERNETES)
            .evidence(new Evidence(c.path(), 0, "", "packets " + frames, p.kind().key()
                + (p.flow() == null ? "" : " " + p.flow())))
            .explain(why.toString())
            .remedy("Open " + c.path() + " in Wireshark at packets " + frames + " (filter: " + p.kind().key()
                + "). " + (related.isEmpty() ? "" : "See the findings of " + related + ". ")
                + "Capture the same flow at the other side's veth and at both nodes' underlay at the same time "
                + "to find the hop where it stops.")
            .build());
      }
    }
    return out;
  }

  private static String endpoint(Problem p) {
    String d = p.flow().dst().isV4() ? p.flow().dst().toString() : "[" + p.flow().dst() + "]";
    return p.flow().dstPort() == 0 ? d : d + ":" + p.flow().dstPort();
  }
}
