package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.Listener;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import dev.packetwalk.parse.iproute.ListeningSocket;
import dev.packetwalk.parse.iproute.ProcNetParser;
import dev.packetwalk.parse.iproute.SsParser;
import java.util.ArrayList;
import java.util.List;

/**
 * A namespace's listening sockets: {@code ss-ltnup.txt}, else the four {@code proc-net-*.txt} tables the collector
 * saves when the namespace has no ss. Known only when the whole source was read: ss's table with no line left
 * unread, or all four proc tables; otherwise "nothing listens" could just be "not collected".
 */
final class NetnsSockets {
  private NetnsSockets() {}

  record Result(List<Listener> listeners, boolean known) {}

  static Result read(NodeFiles f, String dir) {
    String ss = dir + "ss-ltnup.txt";
    if (f.has(ss)) {
      String text = f.text(ss).orElse("");
      Parsed<List<ListeningSocket>> p = SsParser.parse(f.path(ss), text);
      f.read(ss, p.value().size(), p.warnings(), "listening socket(s)");
      for (String t : ProcNetParser.TABLES) {
        if (f.has(dir + "proc-net-" + t + ".txt")) {
          f.unused(dir + "proc-net-" + t + ".txt", "ss-ltnup.txt of the same namespace was read");
        }
      }
      return new Result(listeners(f.path(ss), p.value()), !text.isBlank() && fullyRead(p.warnings()));
    }
    List<Listener> out = new ArrayList<>();
    boolean known = true;
    for (String t : ProcNetParser.TABLES) {
      String rel = dir + "proc-net-" + t + ".txt";
      String text = f.text(rel).orElse("");
      if (!f.has(rel)) {
        known = false;
        continue;
      }
      Parsed<List<ListeningSocket>> p = ProcNetParser.parse(f.path(rel), text, t);
      f.read(rel, p.value().size(), p.warnings(), "listening socket(s)");
      out.addAll(listeners(f.path(rel), p.value()));
      known &= !text.isBlank() && fullyRead(p.warnings());
    }
    return new Result(out, known);
  }

  /** Only UNSUPPORTED lines (other socket kinds and states) may be left: anything else may have been a listener. */
  private static boolean fullyRead(List<ParseWarning> ws) {
    return ws.stream().allMatch(w -> w.kind() == ParseWarning.Kind.UNSUPPORTED);
  }

  private static List<Listener> listeners(String file, List<ListeningSocket> sockets) {
    return sockets.stream().map(s -> new Listener(s.protocol(), s.address(), s.port(), s.process(),
        SourceRef.line(file, s.line()), s.device())).toList();
  }
}
