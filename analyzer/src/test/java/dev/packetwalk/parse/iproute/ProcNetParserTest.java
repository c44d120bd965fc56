package dev.packetwalk.parse.iproute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /proc/net/{tcp,tcp6,udp,udp6}} against {@code ss -ltnu} of the same namespace at the same moment (both
 * captured by realkernel-ss/make.sh): the two must name the same listening sockets.
 */
class ProcNetParserTest {

  private static List<String> brief(Parsed<List<ListeningSocket>> p) {
    return p.value().stream().map(s -> s.protocol() + " " + s.address() + " " + s.port() + " @" + s.line()).toList();
  }

  @Test
  void realTablesDecodeLittleEndianAddressesAndSkipConnections() {
    Parsed<List<ListeningSocket>> tcp = ProcNetParser.parse(ProcNetParser.PATH_TCP,
        Fixtures.read("realkernel-ss/proc-net-tcp.txt"), "tcp");
    assertTrue(tcp.clean(), tcp.warnings().toString());
    // lines 5 and 6 are the two ends of an established connection (state 01): not listeners
    assertEquals(List.of("tcp 0.0.0.0 7000 @2", "tcp 127.0.0.53 53 @3", "tcp 10.9.0.2 8080 @4"), brief(tcp));
    Parsed<List<ListeningSocket>> tcp6 = ProcNetParser.parse("f", Fixtures.read("realkernel-ss/proc-net-tcp6.txt"),
        "tcp6");
    assertEquals(List.of("tcp :: 80", "tcp fd00::2 9000", "tcp :: 8443"),
        tcp6.value().stream().map(s -> s.protocol() + " " + s.address() + " " + s.port()).toList());
    Parsed<List<ListeningSocket>> udp = ProcNetParser.parse("f", Fixtures.read("realkernel-ss/proc-net-udp.txt"),
        "udp");
    // line 2, the connected udp socket (state 01, to 10.9.0.1:9999), is not a listener
    assertEquals(List.of("udp 0.0.0.0 5300 @3", "udp 127.0.0.53 53 @4"), brief(udp));
    assertEquals("UNCONN", udp.value().get(0).state());
  }

  @Test
  void committedCaptureAgreesWithSs() {
    agree(name -> Fixtures.read("realkernel-ss/" + name));
  }

  @Test
  void oddLinesBecomeWarnings() {
    String text = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0200090A:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
           1: 0200090A 00000000:0000 0A
           2: 0200090Z:1F90 00000000:0000 0A
        garbage
        """;
    Parsed<List<ListeningSocket>> p = ProcNetParser.parse("f", text, "tcp");
    assertEquals(List.of("tcp 10.9.0.2 8080 @2"), brief(p));
    assertEquals(List.of(3, 4, 5), p.warnings().stream().map(ParseWarning::line).toList());
    assertTrue(p.warnings().stream().allMatch(w -> w.kind() == ParseWarning.Kind.UNRECOGNIZED));
    // a v4 address in the v6 table is malformed, not decoded
    assertTrue(ProcNetParser.parse("f", text, "tcp6").value().isEmpty());
    assertEquals(ParseWarning.Kind.UNSUPPORTED, ProcNetParser.parse("f", text, "raw").warnings().get(0).kind());
  }

  /** Re-runs make.sh in a fresh namespace; skipped (visibly) when not root or netns is unavailable. */
  @Test
  void liveCaptureAgreesWithSs(@TempDir Path dir) throws Exception {
    MakeScript.run("realkernel-ss", dir);
    agree(name -> {
      try {
        return Files.readString(dir.resolve(name));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** ss's dual-stack {@code *} is {@code ::} in tcp6/udp6; its {@code %lo} scope is not in /proc. */
  private static void agree(Function<String, String> read) {
    Parsed<List<ListeningSocket>> ss = SsParser.parse("ss", read.apply("ss-ltnu.txt"));
    assertTrue(ss.clean(), ss.warnings().toString());
    TreeSet<String> fromSs = new TreeSet<>();
    for (ListeningSocket s : ss.value()) {
      fromSs.add(s.protocol() + " " + (s.address().equals("*") ? "::" : s.address()) + " " + s.port());
    }
    TreeSet<String> fromProc = new TreeSet<>();
    for (String t : ProcNetParser.TABLES) {
      Parsed<List<ListeningSocket>> p = ProcNetParser.parse(t, read.apply("proc-net-" + t + ".txt"), t);
      assertTrue(p.clean(), p.warnings().toString());
      p.value().forEach(s -> fromProc.add(s.protocol() + " " + s.address() + " " + s.port()));
    }
    assertEquals(9, fromSs.size(), fromSs.toString());
    assertEquals(fromSs, fromProc);
  }
}
