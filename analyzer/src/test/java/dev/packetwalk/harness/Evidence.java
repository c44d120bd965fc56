package dev.packetwalk.harness;

import dev.packetwalk.collector.CollectorRun;
import dev.packetwalk.collector.CollectorRun.FakeApiServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Collects a world's evidence with the project's real collectors: {@code packetwalk-node} inside every node
 * namespace (all nodes at once), reading the node's fake host root with the current tools, then
 * {@code packetwalk-collect} with the real kubectl against the stand-in API server, merging the node bundles.
 */
public final class Evidence {
  private Evidence() {}

  /** Runs packetwalk-node in every node namespace at once; returns the node bundles ({@code out/node-NODE.tar.gz}). */
  public static List<Path> collectNodes(KernelWorld world, Path out) throws Exception {
    Files.createDirectories(out);
    Map<String, Process> running = new LinkedHashMap<>();
    Map<String, Path> bundles = new LinkedHashMap<>();
    for (KernelWorld.Node node : world.nodes().values()) {
      Path bundle = out.resolve("node-" + node.name() + ".tar.gz");
      Files.deleteIfExists(bundle);
      bundles.put(node.name(), bundle);
      // --counter-interval 1: a second iptables-save a second later, enough to show counters and keep runs short
      ProcessBuilder pb = new ProcessBuilder(Netns.inNs(node.ns(), List.of(
          CollectorRun.repo().resolve("collector-scripts/packetwalk-node").toString(),
          "--node-name", node.name(), "--output", bundle.toString(), "--host-root", node.hostRoot().toString(),
          "--host-tools", "current", "--counter-interval", "1", "--timeout", "10")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(out.resolve("packetwalk-node-" + node.name() + ".err").toFile());
      // the node's stand-in crictl first on PATH: it tells which pod owns which network namespace
      pb.environment().put("PATH", world.dir().resolve("generated/crictl").resolve(node.name()) + File.pathSeparator
          + System.getenv("PATH"));
      running.put(node.name(), pb.start());
    }
    for (Map.Entry<String, Process> e : running.entrySet()) {
      Process p = e.getValue();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("packetwalk-node on " + e.getKey() + " did not finish within 120 s");
      }
      if (p.exitValue() != 0 || !Files.exists(bundles.get(e.getKey()))) {
        throw new AssertionError("packetwalk-node on " + e.getKey() + " exited " + p.exitValue() + ": "
            + Files.readString(out.resolve("packetwalk-node-" + e.getKey() + ".err")));
      }
    }
    return List.copyOf(bundles.values());
  }

  /**
   * Packs {@code out/bundle.tar.gz} with packetwalk-collect, merging the node bundles. It reads only the API server
   * and the node bundles, never the namespaces, so it may run while the world already shows another fault.
   */
  public static Path packCluster(FakeApiServer server, Path out, List<Path> nodeBundles) throws Exception {
    List<String> args = new ArrayList<>(List.of("--no-logs", "--timeout", "10"));
    nodeBundles.forEach(b -> args.addAll(List.of("--node-bundle", b.toString())));
    CollectorRun.Result r = CollectorRun.collect(server, out, args, Map.of());
    if (r.exitCode() != 0) {
      throw new AssertionError("packetwalk-collect exited " + r.exitCode() + ": " + r.stderr());
    }
    return out.resolve("bundle.tar.gz");
  }
}
