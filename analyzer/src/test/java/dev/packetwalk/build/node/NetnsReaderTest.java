package dev.packetwalk.build.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.model.node.Listener;
import dev.packetwalk.model.node.PodNetns;
import dev.packetwalk.model.node.Route;
import dev.packetwalk.parse.netfilter.Resources;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pod side of the node model: a namespace's own routes and its listening sockets, from ss or /proc/net. */
class NetnsReaderTest {
  static final String DIR = "nodes/node1/netns/pwrn-pod/";

  private static PodNetns pod(Map<String, String> files) {
    AnalysisResult r = Fixtures.analyze(List.of(), files);
    return r.nodes().get("node1").orElseThrow().netns().stream().filter(n -> n.name().equals("pwrn-pod"))
        .findFirst().orElseThrow();
  }

  private static Coverage row(Map<String, String> files, String path) {
    return Fixtures.analyze(List.of(), files).coverage().stream().filter(c -> c.path().equals(path)).findFirst()
        .orElseThrow();
  }

  @Test
  void realPodNamespaceHasItsRoutesAndAnEmptyButKnownSocketTable() {
    Map<String, String> files = NodeFixtures.realCluster();
    PodNetns ns = pod(files);
    assertEquals(List.of("0.0.0.0/0", "10.244.1.0/24"), ns.routes().stream().map(Route::prefix).toList());
    Route dflt = ns.routes().get(0);
    assertEquals("10.244.1.1", dflt.via());
    assertEquals("eth0", dflt.dev());
    assertEquals(DIR + "ip-route.txt", dflt.ref().file());
    assertEquals(1, dflt.ref().line());
    assertEquals("10.244.1.5", ns.routes().get(1).src());
    // packetwalk-node's real capture: ss printed only its header, nothing listens in that namespace
    assertTrue(ns.listeners().isEmpty());
    assertTrue(ns.listenersKnown());
    assertEquals(Coverage.Status.PARSED, row(files, DIR + "ip-route.txt").status());
    assertFalse(row(files, DIR + "ip-route.txt").reason().contains("not yet used"));
  }

  @Test
  void ssListenersCiteTheirLine() {
    Map<String, String> files = new TreeMap<>(NodeFixtures.realCluster());
    files.put(DIR + "ss-ltnup.txt", Resources.read("iproute/realkernel-ss/ss-ltnup.txt"));
    PodNetns ns = pod(files);
    assertTrue(ns.listenersKnown());
    assertEquals(9, ns.listeners().size());
    Listener web = ns.listeners().stream().filter(l -> l.port() == 8080).findFirst().orElseThrow();
    assertEquals("python3", web.process());
    assertEquals(DIR + "ss-ltnup.txt", web.ref().file());
    assertEquals(7, web.ref().line());
    assertTrue(web.accepts("tcp", "10.9.0.2", 8080));
    assertFalse(web.accepts("tcp", "10.9.0.3", 8080));
    Listener stub = ns.listeners().stream().filter(l -> l.port() == 53 && l.protocol().equals("udp")).findFirst()
        .orElseThrow();
    assertEquals("lo", stub.device());
    assertFalse(stub.accepts("udp", "127.0.0.53", 53, "eth0"));
    assertTrue(ns.listeners().stream().anyMatch(l -> l.accepts("tcp", "10.244.1.5", 80, "eth0")));
  }

  @Test
  void procTablesStandInForSsAndAreKnownOnlyWhenAllFourWereRead() {
    Map<String, String> files = new TreeMap<>(NodeFixtures.realCluster());
    files.remove(DIR + "ss-ltnup.txt");
    for (String t : List.of("tcp", "tcp6", "udp", "udp6")) {
      files.put(DIR + "proc-net-" + t + ".txt", Resources.read("iproute/realkernel-ss/proc-net-" + t + ".txt"));
    }
    PodNetns ns = pod(files);
    assertTrue(ns.listenersKnown());
    assertEquals(9, ns.listeners().size()); // the same 9 sockets as ss; /proc does not print the %lo scope
    assertTrue(ns.listeners().stream().allMatch(l -> l.device().isEmpty()));
    assertEquals(DIR + "proc-net-tcp.txt", ns.listeners().get(0).ref().file());
    assertEquals(Coverage.Status.PARSED, row(files, DIR + "proc-net-udp6.txt").status());

    files.remove(DIR + "proc-net-udp6.txt");
    PodNetns partial = pod(files);
    assertFalse(partial.listenersKnown());
    assertEquals(8, partial.listeners().size());

    Map<String, String> none = new TreeMap<>(NodeFixtures.realCluster());
    none.remove(DIR + "ss-ltnup.txt");
    assertFalse(pod(none).listenersKnown());
  }

  @Test
  void anSsFileWithLinesNotUnderstoodIsNotKnown() {
    Map<String, String> files = new TreeMap<>(NodeFixtures.realCluster());
    files.put(DIR + "ss-ltnup.txt", "Cannot open netlink socket: Protocol not supported\n");
    PodNetns ns = pod(files);
    assertFalse(ns.listenersKnown());
    assertEquals(Coverage.Status.FAILED, row(files, DIR + "ss-ltnup.txt").status());
  }
}
