package dev.packetwalk.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.collector.CollectorRun;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Captures one probe's path at the four points of {@code packetwalk-collect --capture-path} while the probe runs:
 * {@code packetwalk-node --capture-only} in the client's and the server's node namespaces ({@code client-veth} =
 * the client pod's host veth, {@code client-underlay} = the node's InternalIP interface, and the same on the server's
 * node), the probe sent once more during the capture, then the node bundles' captures packed into the world's
 * bundle with a manifest {@code capturePath} as packetwalk-collect writes it. The collector's own {@code
 * --capture-path} needs kubectl exec into debug pods, which this world has not; the node side is the real one.
 */
final class PathCaptures {
  /** Seconds each point captures; the probe starts {@link #LEAD_MS} after the captures and takes at most ~3.5 s. */
  static final int SECONDS = 5;
  static final int LEAD_MS = 1200;

  private PathCaptures() {}

  /** What was captured: the node bundles holding the captures, and the manifest's capturePath. */
  record Captured(List<Path> nodeBundles, ObjectNode capturePath) {}

  /**
   * Captures {@code probe}'s path. {@code to} is the capturePath's TO ({@code svc/NS/NAME} or {@code pod/NS/NAME});
   * {@code server} the pod that stands for it, or null (a Service without endpoints: the client's node only).
   */
  static Captured capture(KernelWorld world, Path out, JsonNode probe, String to, KernelWorld.Pod server)
      throws Exception {
    KernelWorld.Pod client = world.pods().get(probe.path("from").asText());
    KernelWorld.Node cn = world.nodes().get(client.node());
    Map<String, List<String>> byNode = new LinkedHashMap<>();
    byNode.computeIfAbsent(cn.name(), k -> new ArrayList<>()).addAll(List.of(
        "client-veth=pod/" + client.namespace() + "/" + client.name(), "client-underlay=addr/" + cn.ip()));
    if (server != null) {
      KernelWorld.Node sn = world.nodes().get(server.node());
      byNode.computeIfAbsent(sn.name(), k -> new ArrayList<>()).addAll(List.of(
          "server-underlay=addr/" + sn.ip(), "server-veth=pod/" + server.namespace() + "/" + server.name()));
    }
    Map<String, Process> running = new LinkedHashMap<>();
    List<Path> bundles = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byNode.entrySet()) {
      KernelWorld.Node node = world.nodes().get(e.getKey());
      Path bundle = out.resolve("capture-" + node.name() + ".tar.gz");
      Files.deleteIfExists(bundle);
      List<String> cmd = new ArrayList<>(List.of(CollectorRun.repo().resolve("collector-scripts/packetwalk-node")
          .toString(), "--node-name", node.name(), "--output", bundle.toString(), "--host-root",
          node.hostRoot().toString(), "--host-tools", "current", "--capture-only", "--capture-seconds",
          String.valueOf(SECONDS)));
      e.getValue().forEach(p -> cmd.addAll(List.of("--capture-iface", p)));
      ProcessBuilder pb = new ProcessBuilder(Netns.inNs(node.ns(), cmd))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(out.resolve("capture-" + node.name() + ".err").toFile());
      pb.environment().put("PATH", world.dir().resolve("generated/crictl").resolve(node.name()) + File.pathSeparator
          + System.getenv("PATH"));
      running.put(node.name(), pb.start());
      bundles.add(bundle);
    }
    Thread.sleep(LEAD_MS);
    Probes.run(world, "capture", List.of(probe), out.resolve("capture-probe.json"));
    for (Map.Entry<String, Process> e : running.entrySet()) {
      if (!e.getValue().waitFor(30, TimeUnit.SECONDS) || e.getValue().exitValue() != 0) {
        e.getValue().destroyForcibly();
        throw new AssertionError("packetwalk-node --capture-only on " + e.getKey() + " failed: "
            + Files.readString(out.resolve("capture-" + e.getKey() + ".err")));
      }
    }
    return new Captured(bundles, capturePath(world, probe, to, client, server, bundles));
  }

  /** The manifest's capturePath, as packetwalk-collect --capture-path writes it (BUNDLE-FORMAT.md). */
  private static ObjectNode capturePath(KernelWorld world, JsonNode probe, String to, KernelWorld.Pod client,
      KernelWorld.Pod server, List<Path> bundles) throws Exception {
    ObjectNode cp = KernelWorld.JSON.createObjectNode();
    cp.put("from", "pod/" + client.namespace() + "/" + client.name());
    cp.put("to", to);
    cp.set("client", party(world, client));
    cp.set("server", server == null ? null : party(world, server));
    cp.put("sameNode", server != null && server.node().equals(client.node()));
    cp.putNull("note");
    if (server == null) cp.put("error", to + " has no ready endpoint: only the client's node is captured");
    else cp.putNull("error");
    cp.put("seconds", SECONDS);
    ArrayNode points = cp.putArray("points");
    for (Path b : bundles) {
      for (Map.Entry<String, byte[]> e : CollectorRun.readBundle(Files.readAllBytes(b)).entrySet()) {
        if (!e.getKey().matches("nodes/[^/]+/captures/[^/]+\\.json")) continue;
        JsonNode side = KernelWorld.JSON.readTree(e.getValue());
        ObjectNode p = points.addObject();
        p.put("role", side.path("role").asText());
        p.put("node", side.path("node").asText());
        p.put("requested", side.path("requested").asText());
        p.put("interface", side.path("interface").asText());
        p.put("outcome", "ok");
        p.put("pcap", e.getKey().replaceFirst("\\.json$", ".pcap"));
        p.put("sidecar", e.getKey());
      }
    }
    return cp;
  }

  private static ObjectNode party(KernelWorld world, KernelWorld.Pod pod) {
    ObjectNode o = KernelWorld.JSON.createObjectNode();
    o.put("pod", pod.namespace() + "/" + pod.name());
    o.put("ip", pod.ip());
    o.put("node", pod.node());
    o.put("nodeIP", world.nodes().get(pod.node()).ip());
    o.put("hostNetwork", false);
    return o;
  }

  /** Adds the captures ({@code nodes/NODE/captures/}) and the capturePath to a packed bundle, as the collector does. */
  static void pack(Path bundle, Captured c) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>(CollectorRun.readBundle(Files.readAllBytes(bundle)));
    ObjectNode manifest = (ObjectNode) KernelWorld.JSON.readTree(entries.get("manifest.json"));
    ArrayNode files = (ArrayNode) manifest.path("files");
    for (Path b : c.nodeBundles()) {
      for (Map.Entry<String, byte[]> e : CollectorRun.readBundle(Files.readAllBytes(b)).entrySet()) {
        if (!e.getKey().matches("nodes/[^/]+/captures/.*")) continue;
        entries.put(e.getKey(), e.getValue());
        ObjectNode f = files.addObject();
        f.put("path", e.getKey());
        f.put("sha256", CollectorRun.sha256(e.getValue()));
        f.put("size", e.getValue().length);
        f.put("command", e.getKey().endsWith(".pcap") ? "tcpdump -w" : "packetwalk-node --capture-only");
        f.putNull("source");
        f.put("exitCode", 0);
        f.put("durationMs", 0);
        f.putNull("stderr");
        f.put("truncated", false);
      }
    }
    manifest.set("capturePath", c.capturePath());
    entries.put("manifest.json", KernelWorld.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest)
        .getBytes(StandardCharsets.UTF_8));
    CollectorRun.NodeBundles.write(bundle, entries);
  }
}
