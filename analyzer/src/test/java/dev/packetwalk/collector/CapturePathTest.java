package dev.packetwalk.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.capture.CaptureAnalyzer;
import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.capture.CaptureSummary;
import dev.packetwalk.capture.FlowSummary;
import dev.packetwalk.capture.HandshakeOutcome;
import dev.packetwalk.collector.CollectorRun.FakeApiServer;
import dev.packetwalk.collector.CollectorRun.Result;
import dev.packetwalk.harness.Netns;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code packetwalk-collect --capture-path FROM TO} on two "nodes" made of network namespaces, reached through the
 * kubectl stand-in ({@code STANDIN_NODE_NETNS} runs each node's packetwalk-node inside its node namespace), with a
 * real tcpdump at every point while a client pod keeps opening HTTP connections to a server pod on the other node.
 *
 * <pre>
 *   client-0 10.244.1.5 ─ vetha ─ cni0 [node-a] eth0 172.18.0.2 ═══ eth0 172.18.0.3 [node-b] cni0 ─ vethb ─ server-0 10.244.2.5:8080
 *   client-1 10.244.1.6 ─ vethc (down) ─ cni0 [node-a]
 * </pre>
 *
 * Two collections run at once (each with its own stand-in API server): client-0 to {@code svc/default/server} (four
 * points on two nodes), and client-0 to client-1's IP with {@code --nodes node-a} too (one node: the underlay points
 * collapse, and client-1's veth is down, so tcpdump fails there while the other points capture; the node's full
 * evidence is merged beside its captures).
 */
class CapturePathTest {
  static final String IMAGE = "registry.example/tools:1";
  static final Netns NETNS = new Netns();
  static final String NODE_A = NETNS.prefix() + "-na";
  static final String NODE_B = NETNS.prefix() + "-nb";
  static final String POD_A = NETNS.prefix() + "-pa";
  static final String POD_B = NETNS.prefix() + "-pb";
  static final String POD_C = NETNS.prefix() + "-pc";
  static final String FILTER_PODS = "host 10.244.1.5 or host 10.244.2.5";

  static Path work;
  static Path roots;
  static Path bin;
  static Result twoNodes;
  static Result oneNode;
  static Path twoNodesState;
  static Path oneNodeState;
  static long elapsedMs;

  @BeforeAll
  static void setUp() throws Exception {
    String why = Netns.unavailableReason();
    Assumptions.assumeTrue(why == null, () -> "capture path test skipped: " + why);
    CollectorRun.assumeTools();
    for (String tool : List.of("tcpdump", "curl", "nsenter")) {
      Assumptions.assumeTrue(Netns.onPath(tool), tool + " is not on PATH");
    }
    Netns.removeStale();
    work = Files.createTempDirectory("pw-cpath");
    buildNodes();
    roots = Files.createDirectories(work.resolve("host-roots"));
    bin = Files.createDirectories(work.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("kubectl"), CollectorRun.repo().resolve("collector-scripts/test/kubectl-standin"));
    writeCrictl();
    hostRoot("node-a", Map.of("client-0", POD_A, "client-1", POD_C));
    hostRoot("node-b", Map.of("server-0", POD_B));
    Path world = world();

    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Result> a = pool.submit(() -> collect(world, "two", List.of("--capture-path", "pod/default/client-0",
          "svc/default/server", "--capture-seconds", "3")));
      Future<Result> b = pool.submit(() -> collect(world, "one", List.of("--capture-path", "pod/default/client-0",
          "10.244.1.6", "--capture-seconds", "2", "--nodes", "node-a")));
      twoNodes = a.get(200, TimeUnit.SECONDS);
      oneNode = b.get(200, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    elapsedMs = (System.nanoTime() - t0) / 1_000_000;
    twoNodesState = work.resolve("two/state");
    oneNodeState = work.resolve("one/state");
  }

  @AfterAll
  static void tearDown() {
    NETNS.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Two nodes: four points
  // ---------------------------------------------------------------------------------------------

  @Test
  void resolvesTheServiceToItsEndpointPodAndBothNodes() {
    assertEquals(0, twoNodes.exitCode(), twoNodes.stderr());
    JsonNode cp = twoNodes.manifest().path("capturePath");
    assertEquals("pod/default/client-0", cp.path("from").asText());
    assertEquals("svc/default/server", cp.path("to").asText());
    assertEquals("default/client-0", cp.at("/client/pod").asText());
    assertEquals("10.244.1.5", cp.at("/client/ip").asText());
    assertEquals("node-a", cp.at("/client/node").asText());
    assertEquals("172.18.0.2", cp.at("/client/nodeIP").asText());
    assertEquals("default/server-0", cp.at("/server/pod").asText());
    assertEquals("10.244.2.5", cp.at("/server/ip").asText());
    assertEquals("node-b", cp.at("/server/node").asText());
    assertEquals("172.18.0.3", cp.at("/server/nodeIP").asText());
    assertFalse(cp.path("sameNode").asBoolean());
    assertTrue(cp.path("error").isNull(), cp.toString());
    assertEquals("default", cp.path("filterSource").asText());
    assertEquals(FILTER_PODS + " or (host 172.18.0.2 and host 172.18.0.3 and (udp port 8472 or udp port 4789 "
        + "or udp port 6081 or ip proto 4 or ip proto 47))", cp.path("filter").asText());
  }

  @Test
  void theAnalyzerReadsTheCollectorsCapturePathFaithfully() throws Exception {
    java.util.List<dev.packetwalk.parse.ParseWarning> warnings = new ArrayList<>();
    dev.packetwalk.bundle.Manifest m = dev.packetwalk.bundle.ManifestReader.read(
        twoNodes.entries().get("manifest.json"), warnings);
    JsonNode raw = twoNodes.manifest().path("capturePath");
    dev.packetwalk.bundle.Manifest.CapturePath cp = m.capturePath().orElseThrow();
    assertEquals(List.of(), warnings);
    assertEquals(raw.path("from").asText(), cp.from());
    assertEquals(raw.path("to").asText(), cp.to());
    assertEquals(new dev.packetwalk.bundle.Manifest.Endpoint("default/client-0", "10.244.1.5", "node-a",
        "172.18.0.2", false), cp.client());
    assertEquals("10.244.2.5", cp.server().ip());
    assertEquals("", cp.error(), "null in the manifest");
    assertEquals(raw.path("filter").asText(), cp.filter());
    assertEquals(4, cp.points().size());
    for (int i = 0; i < 4; i++) {
      JsonNode p = raw.path("points").get(i);
      dev.packetwalk.bundle.Manifest.CapturePoint q = cp.points().get(i);
      assertEquals(List.of(p.path("role").asText(), p.path("node").asText(), p.path("requested").asText(),
          p.path("interface").asText(), p.path("outcome").asText(), p.path("startClock").asText(),
          p.path("listeningClock").asText(), p.path("endClock").asText(), p.path("pcap").asText(),
          p.path("sidecar").asText()), List.of(q.role(), q.node(), q.requested(), q.iface(), q.outcome(),
          q.startClock(), q.listeningClock(), q.endClock(), q.pcap(), q.sidecar()));
    }
    assertTrue(cp.points().get(0).listeningClock().matches("\\d+\\.\\d{9}"));
  }

  @Test
  void capturesAtTheFourPointsTogetherWithEveryPointRecorded() throws Exception {
    JsonNode points = twoNodes.manifest().at("/capturePath/points");
    record Want(String role, String node, String requested, String iface) {}
    List<Want> want = List.of(
        new Want("client-veth", "node-a", "pod/default/client-0", "vetha"),
        new Want("client-underlay", "node-a", "addr/172.18.0.2", "eth0"),
        new Want("server-underlay", "node-b", "addr/172.18.0.3", "eth0"),
        new Want("server-veth", "node-b", "pod/default/server-0", "vethb"));
    assertEquals(want.size(), points.size(), points.toString());
    List<BigDecimal> starts = new ArrayList<>();
    for (int i = 0; i < want.size(); i++) {
      Want w = want.get(i);
      JsonNode p = points.get(i);
      assertEquals(w.role(), p.path("role").asText());
      assertEquals("ok", p.path("outcome").asText(), p.toString());
      assertEquals(w.node(), p.path("node").asText());
      assertEquals(w.requested(), p.path("requested").asText());
      assertEquals(w.iface(), p.path("interface").asText(), p.toString());
      assertEquals(twoNodes.manifest().at("/capturePath/filter").asText(), p.path("filter").asText());
      assertEquals(3, p.path("durationSeconds").asInt());
      assertEquals(100000, p.path("maxPackets").asInt());
      assertEquals(67108864L, p.path("maxBytes").asLong());
      assertEquals("time", p.path("stoppedBy").asText());
      assertTrue(p.path("startClock").asText().matches("\\d+\\.\\d{9}"), p.toString());
      assertTrue(p.path("listeningClock").asText().matches("\\d+\\.\\d{9}"), p.toString());
      starts.add(new BigDecimal(p.path("startClock").asText()));
      String pcap = "nodes/" + w.node() + "/captures/" + w.role() + ".pcap";
      assertEquals(pcap, p.path("pcap").asText());
      assertTrue(twoNodes.entries().containsKey(pcap), pcap);
      JsonNode side = twoNodes.json(p.path("sidecar").asText());
      assertEquals(w.role(), side.path("role").asText());
      assertEquals(w.requested(), side.path("requested").asText());
      assertEquals(p.path("startClock").asText(), side.path("startClock").asText());
      assertEquals(p.path("packetsCaptured").asLong(), side.path("packetsCaptured").asLong());
      assertTrue(twoNodes.entries().containsKey("nodes/" + w.node() + "/debug-pod/capture-run.txt"));
    }
    // one start time: the four tcpdumps started within a second of each other (two jobs, exec latency apart)
    BigDecimal spread = starts.stream().max(BigDecimal::compareTo).orElseThrow()
        .subtract(starts.stream().min(BigDecimal::compareTo).orElseThrow());
    assertTrue(spread.compareTo(BigDecimal.ONE) < 0, "start clocks " + starts);
    for (String path : twoNodes.entries().keySet()) {
      assertTrue(EvidenceSpec.of(path).isPresent(), "no EvidenceSpec matches " + path);
    }
  }

  /** The traffic is in every pcap, and the same connections (client ports) are seen at all four points. */
  @Test
  void everyPcapHoldsTheSameConnections() {
    Set<Integer> common = null;
    for (String pcap : List.of("nodes/node-a/captures/client-veth.pcap", "nodes/node-a/captures/client-underlay.pcap",
        "nodes/node-b/captures/server-underlay.pcap", "nodes/node-b/captures/server-veth.pcap")) {
      CaptureSummary s = CaptureAnalyzer.analyze(pcap, new ByteArrayInputStream(twoNodes.entries().get(pcap)));
      assertEquals(List.of(), s.warnings(), pcap);
      Set<Integer> ports = new TreeSet<>();
      for (FlowSummary f : s.flows()) {
        assertEquals("10.244.1.5", f.key().src().toString(), pcap + " holds only the filtered pair: " + f);
        assertEquals("10.244.2.5", f.key().dst().toString(), pcap + ": " + f);
        if (f.key().dstPort() == 8080 && f.handshake() == HandshakeOutcome.ESTABLISHED) {
          ports.add(f.key().srcPort());
        }
      }
      assertTrue(ports.size() >= 3, pcap + ": established connections " + ports);
      if (common == null) {
        common = ports;
      } else {
        common.retainAll(ports);
      }
    }
    assertTrue(common.size() >= 3, "connections seen at all four points: " + common);
  }

  @Test
  void theAnalyzerKeepsEachPointsRoleAndClocks() throws Exception {
    Path bundle = work.resolve("two/bundle.tar.gz");
    AnalysisResult a = new Analyzer(BundleLimits.DEFAULT, List.of()).analyze(List.of(bundle));
    Map<String, CaptureResult.Point> byRole = new LinkedHashMap<>();
    for (CaptureResult c : a.captures()) {
      byRole.put(c.point().role(), c.point());
      assertTrue(c.summary().packets() > 0, c.path());
      assertEquals(c.point().packetsCaptured().longValue(), c.summary().packets(), c.path());
    }
    assertEquals(Set.of("client-veth", "client-underlay", "server-underlay", "server-veth"), byRole.keySet());
    CaptureResult.Point veth = byRole.get("server-veth");
    assertEquals("pod/default/server-0", veth.requested());
    assertEquals("default/server-0", veth.pod());
    assertTrue(veth.startNanos().isPresent() && veth.listeningNanos().isPresent(), veth.toString());
    assertTrue(veth.listeningNanos().getAsLong() >= veth.startNanos().getAsLong(), veth.toString());
  }

  @Test
  void debugPodsAreDeletedAndNothingIsLeft() throws Exception {
    List<String> created = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    for (String line : Files.readAllLines(twoNodesState.resolve("calls.log"))) {
      String[] f = line.split(" ");
      if (f[1].equals("created")) created.add(f[3]);
      if (f[1].equals("deleted")) deleted.add(f[3]);
      if (f[1].equals("debug")) assertTrue(line.contains("profile=sysadmin image=" + IMAGE + " "), line);
    }
    assertEquals(2, created.size(), "one debug pod per node");
    assertEquals(new TreeSet<>(created), new TreeSet<>(deleted));
    assertEquals(List.of(), list(twoNodesState.resolve("pods")));
    assertEquals(List.of(), list(work.resolve("two/tmp")), "temp files left");
    System.out.printf("CapturePathTest: two collections at once (3 s and 2 s captures) took %d ms%n", elapsedMs);
  }

  // ---------------------------------------------------------------------------------------------
  // One node: the underlay collapses, and a failing point does not stop the others
  // ---------------------------------------------------------------------------------------------

  @Test
  void onOneNodeTheUnderlayCollapsesAndTheFailedPointKeepsItsReason() {
    assertEquals(0, oneNode.exitCode(), oneNode.stderr());
    JsonNode cp = oneNode.manifest().path("capturePath");
    assertEquals("default/client-1", cp.at("/server/pod").asText(), "TO given as a pod IP");
    assertTrue(cp.path("sameNode").asBoolean());
    assertEquals("host 10.244.1.5 or host 10.244.1.6", cp.path("filter").asText());
    Map<String, JsonNode> points = new LinkedHashMap<>();
    cp.path("points").forEach(p -> points.put(p.path("role").asText(), p));
    assertEquals(List.of("client-veth", "client-underlay", "server-underlay", "server-veth"),
        List.copyOf(points.keySet()));
    assertEquals("ok", points.get("client-veth").path("outcome").asText(), points.toString());
    assertEquals("ok", points.get("client-underlay").path("outcome").asText(), points.toString());
    JsonNode collapsed = points.get("server-underlay");
    assertEquals("COLLAPSED", collapsed.path("outcome").asText());
    assertTrue(collapsed.path("detail").asText().contains("same node node-a"), collapsed.toString());
    assertTrue(collapsed.path("pcap").isNull());
    // client-1's veth is down: tcpdump refuses it, with its own words, and the others captured
    JsonNode failed = points.get("server-veth");
    assertEquals("ERROR", failed.path("outcome").asText(), failed.toString());
    assertTrue(failed.path("detail").asText().contains("That device is not up"), failed.toString());
    assertEquals("stderr/nodes/node-a/captures/server-veth.pcap", failed.path("stderr").asText());
    assertTrue(oneNode.text(failed.path("stderr").asText()).contains("vethc"));
    assertFalse(oneNode.entries().containsKey("nodes/node-a/captures/server-veth.pcap"));
    assertEquals("ERROR", NodesModeTest.skipped(oneNode, "nodes/node-a/captures/server-veth.pcap").path("reason")
        .asText());
    assertTrue(points.get("client-veth").path("packetsCaptured").asLong() > 0, points.toString());
  }

  @Test
  void withNodesTooTheCaptureAndTheEvidencePodsAreSeparateAndBothMerged() throws Exception {
    long created = Files.readAllLines(oneNodeState.resolve("calls.log")).stream()
        .filter(l -> l.split(" ")[1].equals("created")).count();
    assertEquals(2, created, "one debug pod for the captures, one for --nodes");
    assertEquals(List.of(), list(oneNodeState.resolve("pods")));
    for (String step : List.of("capture-run.txt", "run.txt")) {
      assertTrue(oneNode.entries().containsKey("nodes/node-a/debug-pod/" + step), step);
    }
    assertTrue(oneNode.entries().containsKey("nodes/node-a/manifest.json"));
    assertTrue(oneNode.entries().containsKey("nodes/node-a/iproute/ip-d-addr.txt"));
    assertTrue(oneNode.entries().containsKey("nodes/node-a/captures/client-veth.pcap"));
    List<String> listed = new ArrayList<>();
    oneNode.manifest().path("files").forEach(f -> listed.add(f.path("path").asText()));
    assertEquals(new TreeSet<>(listed).size(), listed.size(), "every file listed once");
    assertTrue(listed.contains("nodes/node-a/captures/client-veth.pcap"));
    assertFalse(oneNode.stderr().contains("appears in more than one node bundle"), oneNode.stderr());
  }

  @Test
  void badCapturePathOptionsAreUsageErrors() throws Exception {
    record Case(List<String> args, String message) {}
    for (Case k : List.of(
        new Case(List.of("--capture-path", "pod/default/a", "pod/default/b"), "--capture-path needs --image"),
        new Case(List.of("--capture-path", "default/a", "pod/default/b", "--image", IMAGE), "FROM must be pod/"),
        new Case(List.of("--capture-path", "pod/default/a", "node/x", "--image", IMAGE), "TO must be"),
        new Case(List.of("--capture-path", "pod/default/a"), "needs two values"),
        new Case(List.of("--capture-path", "pod/a/b", "10.0.0.1", "--image", IMAGE, "--capture-seconds", "0"),
            "--capture-seconds"),
        new Case(List.of("--capture-seconds", "5"), "go with --capture-path"))) {
      List<String> cmd = new ArrayList<>(List.of(CollectorRun.repo().resolve("collector-scripts/packetwalk-collect")
          .toString()));
      cmd.addAll(k.args());
      Netns.Proc p = Netns.run(cmd);
      assertEquals(2, p.exitCode(), k + ": " + p.out());
      assertTrue(p.out().contains(k.message()), k + ": " + p.out());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The world
  // ---------------------------------------------------------------------------------------------

  static void buildNodes() throws Exception {
    for (String n : List.of("na", "nb", "pa", "pb", "pc")) {
      NETNS.add(n);
    }
    NETNS.veth(NODE_A, "eth0", NODE_B, "eth0");
    NETNS.sh(NODE_A, "ip", "addr", "add", "172.18.0.2/24", "dev", "eth0");
    NETNS.sh(NODE_B, "ip", "addr", "add", "172.18.0.3/24", "dev", "eth0");
    pod(NODE_A, "vetha", POD_A, "10.244.1", "5");
    pod(NODE_B, "vethb", POD_B, "10.244.2", "5");
    NETNS.sh(NODE_A, "ip", "link", "add", "vethc", "type", "veth", "peer", "name", "eth0", "netns", POD_C);
    NETNS.sh(NODE_A, "ip", "link", "set", "vethc", "master", "cni0");
    NETNS.sh(POD_C, "ip", "addr", "add", "10.244.1.6/24", "dev", "eth0");
    NETNS.sh(NODE_A, "ip", "route", "add", "10.244.2.0/24", "via", "172.18.0.3");
    NETNS.sh(NODE_B, "ip", "route", "add", "10.244.1.0/24", "via", "172.18.0.2");
    Path server = work.resolve("server.py");
    Files.writeString(server, NodeCollectorTest.HTTP_SERVER);
    NETNS.start(POD_B, work.resolve("http.log"), "python3", server.toString(), "10.244.2.5");
    Netns.waitFor(() -> NETNS.exec(POD_B, "ss", "-ltn").out().contains("10.244.2.5:8080"), 30, "the server to listen");
    NETNS.start(POD_A, work.resolve("curl.log"), "sh", "-c",
        "while :; do curl -s -o /dev/null --max-time 1 http://10.244.2.5:8080/; sleep 0.2; done");
    Netns.waitFor(() -> NETNS.exec(POD_A, "curl", "-s", "--max-time", "1", "http://10.244.2.5:8080/").out()
        .equals("ok"), 30, "client-0 to reach server-0 across the nodes");
  }

  /** A node's cni0 bridge (GW .1) with a pod behind a veth at .N. */
  static void pod(String node, String veth, String pod, String net, String host) {
    if (!NETNS.exec(node, "ip", "link", "show", "cni0").ok()) {
      NETNS.sh(node, "ip", "link", "add", "cni0", "type", "bridge");
      NETNS.sh(node, "ip", "addr", "add", net + ".1/24", "dev", "cni0");
      NETNS.sh(node, "ip", "link", "set", "cni0", "up");
      NETNS.sh(node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    }
    NETNS.veth(node, veth, pod, "eth0");
    NETNS.sh(node, "ip", "link", "set", veth, "master", "cni0");
    NETNS.sh(pod, "ip", "addr", "add", net + "." + host + "/24", "dev", "eth0");
    NETNS.sh(pod, "ip", "route", "add", "default", "via", net + ".1");
  }

  /** A stand-in crictl that answers from the host root of the node it runs on (STANDIN_NODE). */
  static void writeCrictl() throws IOException {
    Path crictl = bin.resolve("crictl");
    Files.writeString(crictl, """
        #!/bin/sh
        d=$STANDIN_HOST_ROOTS/$STANDIN_NODE/crictl
        case "$1 $2 $3" in
        "pods -o json") cat "$d/pods.json" ;;
        "inspectp -o json") [ -f "$d/inspectp-$4.json" ] && cat "$d/inspectp-$4.json" || { echo "sandbox $4 not found" >&2; exit 1; } ;;
        *) echo "unexpected: $*" >&2; exit 1 ;;
        esac
        """);
    Files.setPosixFilePermissions(crictl, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A node's host root: its pods' namespaces under /run/netns and what crictl says about them. */
  static void hostRoot(String node, Map<String, String> podNetns) throws IOException {
    Path crictl = Files.createDirectories(roots.resolve(node).resolve("crictl"));
    List<String> items = new ArrayList<>();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(podNetns).entrySet()) {
      String id = "sb" + e.getKey().replace("-", "");
      // crictl's own formatting ("key": value), which packetwalk-node reads without a JSON parser
      items.add("""
              {
                "id": "%s",
                "metadata": {
                  "name": "%s",
                  "uid": "uid-%s",
                  "namespace": "default",
                  "attempt": 0
                },
                "state": "SANDBOX_READY"
              }""".formatted(id, e.getKey(), e.getKey()));
      Files.writeString(crictl.resolve("inspectp-" + id + ".json"), """
          {
            "status": {"id": "%s"},
            "info": {"runtimeSpec": {"linux": {"namespaces": [{"type": "pid"}, {"type": "network", "path": "/run/netns/%s"}]}}}
          }
          """.formatted(id, e.getValue()));
      NETNS.bindMount(e.getValue(), roots.resolve(node).resolve("run/netns").resolve(e.getValue()));
    }
    Files.writeString(crictl.resolve("pods.json"), "{\n  \"items\": [\n" + String.join(",\n", items) + "\n  ]\n}\n");
  }

  /** The healthy world with nodes node-a and node-b, pods client-0, client-1, server-0 and Service server. */
  static Path world() throws IOException {
    Path world = work.resolve("world");
    NodesModeTest.copyTree(CollectorRun.world("healthy"), world);
    Path objects = world.resolve("objects");
    ObjectNode nodes = (ObjectNode) CollectorRun.JSON.readTree(objects.resolve("nodes.json").toFile());
    JsonNode nodeTemplate = nodes.path("items").get(1);
    ArrayNode nodeItems = nodes.putArray("items");
    for (String[] n : List.of(new String[] {"node-a", "172.18.0.2"}, new String[] {"node-b", "172.18.0.3"})) {
      ObjectNode node = nodeTemplate.deepCopy();
      ((ObjectNode) node.path("metadata")).put("name", n[0]);
      ArrayNode addresses = ((ObjectNode) node.path("status")).putArray("addresses");
      addresses.addObject().put("type", "InternalIP").put("address", n[1]);
      addresses.addObject().put("type", "Hostname").put("address", n[0]);
      nodeItems.add(node);
    }
    write(objects.resolve("nodes.json"), nodes);
    ObjectNode pods = (ObjectNode) CollectorRun.JSON.readTree(objects.resolve("pods.json").toFile());
    JsonNode podTemplate = pods.path("items").get(pods.path("items").size() - 1);
    for (String[] p : List.of(new String[] {"client-0", "node-a", "10.244.1.5"},
        new String[] {"client-1", "node-a", "10.244.1.6"}, new String[] {"server-0", "node-b", "10.244.2.5"})) {
      ObjectNode pod = podTemplate.deepCopy();
      ((ObjectNode) pod.path("metadata")).put("name", p[0]).put("namespace", "default").put("uid", "uid-" + p[0]);
      ((ObjectNode) pod.path("spec")).put("nodeName", p[1]);
      ((ObjectNode) pod.path("status")).put("podIP", p[2]).putArray("podIPs").addObject().put("ip", p[2]);
      ((ArrayNode) pods.path("items")).add(pod);
    }
    write(objects.resolve("pods.json"), pods);
    ObjectNode services = (ObjectNode) CollectorRun.JSON.readTree(objects.resolve("services.json").toFile());
    ObjectNode svc = services.path("items").get(0).deepCopy();
    ((ObjectNode) svc.path("metadata")).put("name", "server").put("namespace", "default");
    ((ObjectNode) svc.path("spec")).put("clusterIP", "10.96.0.80").putArray("clusterIPs").add("10.96.0.80");
    ((ArrayNode) services.path("items")).add(svc);
    write(objects.resolve("services.json"), services);
    ObjectNode endpoints = (ObjectNode) CollectorRun.JSON.readTree(objects.resolve("endpoints.json").toFile());
    ObjectNode ep = ((ArrayNode) endpoints.path("items")).addObject().put("apiVersion", "v1").put("kind", "Endpoints");
    ep.putObject("metadata").put("name", "server").put("namespace", "default");
    ObjectNode address = ep.putArray("subsets").addObject().putArray("addresses").addObject()
        .put("ip", "10.244.2.5").put("nodeName", "node-b");
    address.putObject("targetRef").put("kind", "Pod").put("namespace", "default").put("name", "server-0");
    write(objects.resolve("endpoints.json"), endpoints);
    return world;
  }

  static void write(Path file, JsonNode doc) throws IOException {
    CollectorRun.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), doc);
  }

  /** One collection against its own stand-in API server and stand-in state, sharing the nodes. */
  static Result collect(Path world, String name, List<String> args) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    Path state = Files.createDirectories(dir.resolve("state"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Map<String, String> env = new HashMap<>();
    env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    env.put("STANDIN_STATE", state.toString());
    env.put("STANDIN_REAL_KUBECTL", NodesModeTest.realKubectl().toString());
    env.put("STANDIN_HOST_ROOTS", roots.toString());
    env.put("STANDIN_NODE_NETNS", "node-a=" + NODE_A + " node-b=" + NODE_B);
    env.put("TMPDIR", tmp.toString());
    List<String> all = new ArrayList<>(List.of("--no-logs", "--timeout", "10", "--image", IMAGE));
    all.addAll(args);
    try (FakeApiServer server = FakeApiServer.start(world, dir, List.of())) {
      return CollectorRun.collect(server, dir, all, env);
    }
  }

  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
