package dev.packetwalk.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.collector.CollectorRun.FakeApiServer;
import dev.packetwalk.collector.CollectorRun.Result;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code packetwalk-collect --nodes … --image …}: node evidence through {@code kubectl debug node/NAME} pods.
 *
 * <p>No real API server with pods, exec and attach is available here, and the stand-in API server cannot speak
 * kubectl's exec streaming protocol. So {@code collector-scripts/test/kubectl-standin} is put first on PATH as
 * {@code kubectl}: it hands {@code get}/{@code version}/{@code api-resources}/{@code logs}/{@code config} to the real
 * kubectl (talking to the stand-in API server) and simulates {@code debug node/X}, {@code wait}, {@code exec -i …
 * sh -s -- ARGS} (running the real packetwalk-node locally, with a per-node fake host root, {@code --host-tools
 * current}, and as root in a network namespace of its own) and {@code delete pod}. Every simulated call goes to a
 * call log; overlap and deletions are asserted on its order, not on wall time.
 */
class NodesModeTest {
  static final String IMAGE = "registry.example/tools:1";
  static final List<String> GOOD = List.of("worker-1", "worker-2", "worker-3", "worker-4");

  /** One call of the stand-in: "ms event node pod detail". */
  record Call(long ms, String event, String node, String pod, String detail) {}

  /** A cluster of stand-in nodes: an API server world with these nodes, the stand-in kubectl, its state. */
  static final class Cluster implements AutoCloseable {
    final Path work;
    final Path state;
    final Path tmp;
    final Path bin;
    final Path roots;
    final FakeApiServer server;

    Cluster(List<String> nodes) throws Exception {
      work = Files.createTempDirectory("pw-nodes");
      state = Files.createDirectory(work.resolve("state"));
      tmp = Files.createDirectory(work.resolve("tmp"));
      bin = Files.createDirectory(work.resolve("bin"));
      roots = Files.createDirectory(work.resolve("host-roots"));
      Files.createSymbolicLink(bin.resolve("kubectl"),
          CollectorRun.repo().resolve("collector-scripts/test/kubectl-standin"));
      Path world = work.resolve("world");
      copyTree(CollectorRun.world("healthy"), world);
      ObjectNode list = (ObjectNode) CollectorRun.JSON.readTree(world.resolve("objects/nodes.json").toFile());
      JsonNode template = list.path("items").get(1);
      ArrayNode items = list.putArray("items");
      for (int i = 0; i < nodes.size(); i++) {
        ObjectNode n = template.deepCopy();
        ((ObjectNode) n.path("metadata")).put("name", nodes.get(i));
        items.add(n);
        // Each node's own host root, told apart by its resolv.conf.
        Path etc = Files.createDirectories(roots.resolve(nodes.get(i)).resolve("etc"));
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 10.96.0." + (10 + i) + "\n");
      }
      CollectorRun.JSON.writerWithDefaultPrettyPrinter().writeValue(world.resolve("objects/nodes.json").toFile(), list);
      server = FakeApiServer.start(world, work, List.of());
    }

    Map<String, String> env(Map<String, String> extra) {
      Map<String, String> env = new HashMap<>();
      env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
      env.put("STANDIN_STATE", state.toString());
      env.put("STANDIN_REAL_KUBECTL", realKubectl().toString());
      env.put("STANDIN_HOST_ROOTS", roots.toString());
      env.put("STANDIN_NETNS", "1");
      env.put("TMPDIR", tmp.toString());
      env.putAll(extra);
      return env;
    }

    Result collect(List<String> args, Map<String, String> extra) throws Exception {
      List<String> all = new ArrayList<>(List.of("--no-logs", "--timeout", "10"));
      all.addAll(args);
      return CollectorRun.collect(server, work, all, env(extra));
    }

    List<Call> calls() throws IOException {
      Path log = state.resolve("calls.log");
      if (!Files.exists(log)) {
        return List.of();
      }
      List<Call> calls = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        String[] f = line.split(" ", 5);
        calls.add(new Call(Long.parseLong(f[0]), f[1], f[2], f[3], f.length > 4 ? f[4] : ""));
      }
      return calls;
    }

    List<String> podsLeft() throws IOException {
      try (Stream<Path> s = Files.list(state.resolve("pods"))) {
        return s.map(p -> p.getFileName().toString()).sorted().toList();
      }
    }

    List<Path> tempLeft() throws IOException {
      try (Stream<Path> s = Files.list(tmp)) {
        return s.toList();
      }
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  static Cluster main;
  static Result mainRun;

  @BeforeAll
  static void collectSixNodes() throws Exception {
    CollectorRun.assumeTools();
    // Four good nodes first, so the first four slots are theirs; then one whose debug pod never becomes
    // Ready and one whose exec never answers.
    List<String> nodes = new ArrayList<>(GOOD);
    nodes.addAll(List.of("stuck", "hung"));
    main = new Cluster(nodes);
    mainRun = main.collect(List.of("--nodes", "all", "--image", IMAGE, "--node-parallelism", "4", "--node-timeout", "8"),
        Map.of("STANDIN_RUN_SECONDS", "2", "STANDIN_NEVER_READY", "stuck", "STANDIN_EXEC_HANG", "hung"));
  }

  @Test
  void everyNodesFilesLandUnderItsOwnDirectoryWithMergedManifests() throws Exception {
    Result r = mainRun;
    assertEquals(0, r.exitCode(), r.stderr());
    JsonNode manifest = r.manifest();
    Map<String, JsonNode> files = byPath(manifest.path("files"));
    for (int i = 0; i < GOOD.size(); i++) {
      String node = GOOD.get(i);
      String p = "nodes/" + node + "/";
      // the node's own manifest is kept by the --node-bundle merge path, and says which node it is
      JsonNode nm = r.json(p + "manifest.json");
      assertEquals(node, nm.path("node").path("name").asText());
      assertEquals("--node-name", nm.path("node").path("nameSource").asText());
      assertTrue(nm.path("options").path("hostRoot").asText().endsWith("host-roots/" + node), nm.toString());
      assertEquals("packetwalk-node-" + node + ".tar.gz:manifest.json", files.get(p + "manifest.json").path("source").asText());
      // the per-node host root reached this node's bundle only
      assertEquals("nameserver 10.96.0." + (10 + i) + "\n", r.text(p + "files/etc/resolv.conf"));
      assertTrue(r.entries().containsKey(p + "collector.log"), p);
      assertTrue(r.entries().keySet().stream().anyMatch(e -> e.startsWith(p + "iproute/")), "iproute files of " + node);
      // every file of the node manifest is in the top-level manifest, with its hash
      for (JsonNode f : nm.path("files")) {
        JsonNode top = files.get(f.path("path").asText());
        assertTrue(top != null, "merged: " + f.path("path").asText());
        assertEquals(f.path("sha256").asText(), top.path("sha256").asText());
        assertEquals(f.path("sha256").asText(), CollectorRun.sha256(r.entries().get(f.path("path").asText())));
      }
    }
    List<String> merged = new ArrayList<>();
    manifest.path("options").path("nodeBundles").forEach(n -> merged.add(n.asText()));
    assertEquals(GOOD.stream().map(n -> "packetwalk-node-" + n + ".tar.gz").toList(), merged);
    assertEquals(IMAGE, manifest.path("options").path("image").asText());
    assertEquals(4, manifest.path("options").path("nodeParallelism").asInt());
    for (String path : r.entries().keySet()) {
      assertTrue(EvidenceSpec.of(path).isPresent(), "no EvidenceSpec matches " + path);
    }
  }

  @Test
  void everyStepIsRecordedLikeACommand() {
    Map<String, JsonNode> files = byPath(mainRun.manifest().path("files"));
    for (String node : GOOD) {
      String dp = "nodes/" + node + "/debug-pod/";
      for (String step : List.of("create.txt", "wait.txt", "run.txt", "copy.txt", "delete.txt")) {
        JsonNode f = files.get(dp + step);
        assertTrue(f != null, "recorded: " + dp + step);
        assertEquals(0, f.path("exitCode").asInt(), dp + step);
        assertTrue(f.path("durationMs").isNumber(), dp + step);
        assertEquals(Optional.of(EvidenceSpec.NODE_DEBUG_POD), EvidenceSpec.of(dp + step));
      }
      assertTrue(files.get(dp + "create.txt").path("command").asText()
          .startsWith("kubectl --request-timeout=10s debug node/" + node + " --profile=sysadmin --image=" + IMAGE + " -- sleep "));
      assertTrue(mainRun.text(dp + "create.txt").startsWith("Creating debugging pod node-debugger-" + node + "-"));
      String run = files.get(dp + "run.txt").path("command").asText();
      assertTrue(run.matches("kubectl exec -i node-debugger-" + node + "-[0-9a-f]{5} -- sh -s -- --host-root /host --node-name "
          + node + " --output /tmp/packetwalk-node-" + node + ".tar.gz .*"), run);
      assertTrue(files.get(dp + "run.txt").path("durationMs").asLong() >= 2000, "the simulated 2 s node");
      // packetwalk-node's progress (its stderr) is kept
      assertEquals("stderr/" + dp + "run.txt", files.get(dp + "run.txt").path("stderr").asText());
      assertTrue(mainRun.text("stderr/" + dp + "run.txt").contains("packetwalk-node: wrote /tmp/"));
      assertTrue(mainRun.text(dp + "copy.txt").matches("/tmp/packetwalk-node-" + node + "\\.tar\\.gz: \\d+ bytes, sha256 [0-9a-f]{64}\n"));
      assertTrue(files.get(dp + "delete.txt").path("command").asText().contains("delete pod node-debugger-" + node + "-"));
      assertTrue(files.get(dp + "delete.txt").path("command").asText().endsWith("--wait=false --ignore-not-found"));
    }
  }

  @Test
  void failedNodesAreSkippedWithTheReasonAndTheRunGoesOn() {
    Result r = mainRun;
    JsonNode stuck = skipped(r, "nodes/stuck/");
    assertEquals("TIMEOUT", stuck.path("reason").asText());
    assertTrue(stuck.path("detail").asText().contains("did not become Ready within 8s (--node-timeout"), stuck.toString());
    assertTrue(stuck.path("command").asText().startsWith("kubectl wait --for=condition=Ready pod/node-debugger-stuck-"));
    assertEquals("TIMEOUT", skipped(r, "nodes/stuck/debug-pod/wait.txt").path("reason").asText());
    // why it never became Ready is kept before the pod goes
    assertEquals("ImagePullBackOff",
        r.json("nodes/stuck/debug-pod/pod.json").at("/status/containerStatuses/0/state/waiting/reason").asText());
    assertTrue(r.entries().containsKey("nodes/stuck/debug-pod/delete.txt"));
    assertFalse(r.entries().containsKey("nodes/stuck/manifest.json"));

    JsonNode hung = skipped(r, "nodes/hung/");
    assertEquals("TIMEOUT", hung.path("reason").asText());
    assertTrue(hung.path("detail").asText().contains("packetwalk-node did not finish within 8s"), hung.toString());
    assertTrue(r.entries().containsKey("nodes/hung/debug-pod/delete.txt"));
    assertFalse(r.entries().containsKey("nodes/hung/manifest.json"));
    assertTrue(r.entries().containsKey("nodes/worker-4/manifest.json"), "nodes after the failures are collected");
  }

  @Test
  void everyDebugPodIsDeletedAndNothingIsLeftBehind() throws Exception {
    List<Call> calls = main.calls();
    Set<String> created = new TreeSet<>();
    Set<String> deleted = new TreeSet<>();
    for (Call c : calls) {
      if (c.event().equals("created")) created.add(c.pod());
      if (c.event().equals("deleted")) deleted.add(c.pod());
    }
    assertEquals(6, created.size(), "one debug pod per node: " + created);
    assertEquals(created, deleted, "every debug pod is deleted, the failed ones too");
    assertEquals(List.of(), main.podsLeft());
    assertEquals(List.of(), main.tempLeft(), "temp files left");
    // the debug pods are node debug pods with the user's image, nothing else
    for (Call c : calls) {
      if (c.event().equals("debug")) {
        assertTrue(c.detail().startsWith("profile=sysadmin image=" + IMAGE + " "), c.toString());
      }
    }
  }

  @Test
  void parallelismFourRunsTheFourNodesAtOnceAndNeverMore() throws Exception {
    List<Call> calls = main.calls();
    // the four good nodes take the four slots: all four runs start before any of them ends
    int started = 0;
    for (Call c : calls) {
      if (c.event().equals("run-start") && GOOD.contains(c.node())) started++;
      if (c.event().equals("run-end")) {
        assertEquals(4, started, "runs started before the first run ended");
        break;
      }
    }
    assertEquals(4, maxInFlight(calls), "nodes in flight (debug … deleted) at the same time");
  }

  @Test
  void parallelismTwoNeverHasMoreThanTwoNodesInFlight() throws Exception {
    try (Cluster c = new Cluster(GOOD)) {
      Result r = c.collect(List.of("--nodes", String.join(",", GOOD), "--image", IMAGE, "--node-parallelism", "2",
          "--node-timeout", "30"), Map.of("STANDIN_RUN_SECONDS", "2"));
      assertEquals(0, r.exitCode(), r.stderr());
      for (String node : GOOD) {
        assertTrue(r.entries().containsKey("nodes/" + node + "/manifest.json"), node);
      }
      assertEquals(2, maxInFlight(c.calls()));
      assertEquals(List.of(), c.podsLeft());
      System.out.printf("NodesModeTest: 4 stand-in nodes, parallelism 2: node phase %d ms; parallelism 4 (6 nodes, "
          + "2 failing after 8 s): %d ms%n", nodePhaseMs(c.calls()), nodePhaseMs(main.calls()));
    }
  }

  @Test
  void missingImageAndBadNodeOptionsAreUsageErrors() throws Exception {
    try (Cluster c = new Cluster(List.of("worker-1"))) {
      record Case(List<String> args, String message) {}
      for (Case k : List.of(
          new Case(List.of("--nodes", "all"), "--nodes needs --image IMAGE"),
          new Case(List.of("--image", IMAGE), "--image goes with --nodes"),
          new Case(List.of("--nodes", "worker-1,../etc", "--image", IMAGE), "is not a node name"),
          new Case(List.of("--nodes", "all", "--image", IMAGE, "--node-parallelism", "0"), "--node-parallelism"),
          new Case(List.of("--nodes", "all", "--image", IMAGE, "--node-timeout", "x"), "--node-timeout"))) {
        Result r = c.collect(k.args(), Map.of());
        assertEquals(2, r.exitCode(), k + ": " + r.stderr());
        assertTrue(r.stderr().contains(k.message()), k + ": " + r.stderr());
        assertTrue(r.entries().isEmpty(), "no bundle");
      }
      assertEquals(List.of(), c.calls(), "a usage error runs no kubectl at all");
      assertEquals(List.of(), c.tempLeft());
    }
  }

  @Test
  void interruptDeletesTheDebugPodsItCreatedAndLeavesNoTempFiles() throws Exception {
    try (Cluster c = new Cluster(List.of("worker-1", "worker-2", "worker-3", "stuck"))) {
      Path out = c.work.resolve("int.tar.gz");
      List<String> cmd = new ArrayList<>(CollectorRun.command(c.server, out));
      cmd.addAll(List.of("--no-logs", "--timeout", "10", "--nodes", "all", "--image", IMAGE, "--node-timeout", "120"));
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .redirectOutput(c.work.resolve("int.out").toFile()).redirectError(c.work.resolve("int.err").toFile());
      pb.environment().putAll(c.env(Map.of("STANDIN_RUN_SECONDS", "120", "STANDIN_NEVER_READY", "stuck")));
      Process p = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      // three nodes running packetwalk-node, one waiting for its pod
      while (c.calls().stream().filter(k -> k.event().equals("run-start") || k.event().equals("wait-start")).count() < 4) {
        assertTrue(System.nanoTime() < deadline, "the nodes never all started: " + c.calls());
        assertTrue(p.isAlive(), "collector ended early: " + Files.readString(c.work.resolve("int.err")));
        Thread.sleep(100);
      }
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "collector did not stop on SIGINT");
      assertEquals(130, p.exitValue(), Files.readString(c.work.resolve("int.err")));
      Set<String> created = new HashSet<>();
      Set<String> deleted = new HashSet<>();
      for (Call k : c.calls()) {
        if (k.event().equals("created")) created.add(k.pod());
        if (k.event().equals("deleted")) deleted.add(k.pod());
      }
      assertEquals(4, created.size());
      assertEquals(created, deleted, "every debug pod created is deleted on Ctrl-C");
      assertEquals(List.of(), c.podsLeft());
      Thread.sleep(300); // anything still running would recreate files now
      assertEquals(List.of(), c.tempLeft(), "temp files left after SIGINT");
      assertFalse(Files.exists(out), "no half bundle");
      String err = Files.readString(c.work.resolve("int.err"));
      assertTrue(err.contains("deleting debug pod node-debugger-stuck-"), err);
    }
  }

  // ----------------------------------------------------------------------------------------------

  /** The most nodes between their `debug` call and their deletion at any one time, from the call log order. */
  static int maxInFlight(List<Call> calls) {
    int now = 0;
    int max = 0;
    for (Call c : calls) {
      switch (c.event()) {
        case "debug" -> max = Math.max(max, ++now);
        case "deleted" -> now--;
        default -> { }
      }
    }
    return max;
  }

  static long nodePhaseMs(List<Call> calls) {
    long first = calls.stream().filter(c -> c.event().equals("debug")).mapToLong(Call::ms).min().orElse(0);
    long last = calls.stream().filter(c -> c.event().equals("deleted")).mapToLong(Call::ms).max().orElse(0);
    return last - first;
  }

  static Map<String, JsonNode> byPath(JsonNode array) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    array.forEach(e -> m.put(e.path("path").asText(), e));
    return m;
  }

  static JsonNode skipped(Result r, String path) {
    for (JsonNode s : r.manifest().path("skipped")) {
      if (s.path("path").asText().equals(path)) {
        return s;
      }
    }
    throw new AssertionError("not in skipped: " + path + " in " + r.manifest().path("skipped"));
  }

  static Path realKubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path k = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
      if (Files.isExecutable(k)) {
        return k.toAbsolutePath();
      }
    }
    throw new AssertionError("kubectl not on PATH");
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path src : s.toList()) {
        Path dst = to.resolve(from.relativize(src).toString());
        if (Files.isDirectory(src)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(src, dst);
        }
      }
    }
  }
}
