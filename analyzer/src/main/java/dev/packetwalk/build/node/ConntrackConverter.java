package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.ConntrackFlow;
import dev.packetwalk.parse.conntrack.ConntrackEntry;
import java.util.List;

/** {@code conntrack -L -o extended} entries to flows. */
final class ConntrackConverter {
  private ConntrackConverter() {}

  static List<ConntrackFlow> flows(String file, List<ConntrackEntry> entries) {
    return entries.stream().map(e -> new ConntrackFlow(e.proto(), e.original().src(), e.original().dst(),
        e.original().sport(), e.original().dport(), e.reply() == null ? null : e.reply().src(),
        e.reply() == null ? null : e.reply().dst(), e.reply() == null ? -1 : e.reply().sport(),
        e.reply() == null ? -1 : e.reply().dport(), e.tcpState(), e.unreplied(), e.assured(),
        SourceRef.line(file, e.line()))).toList();
  }
}
