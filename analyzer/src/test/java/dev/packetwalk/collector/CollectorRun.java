package dev.packetwalk.collector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code collector-scripts/packetwalk-collect} with the real kubectl against
 * {@code collector-scripts/test/fake-apiserver.py}, and reads the bundle in memory.
 *
 * <p>Runs are slow (seconds), so the two standard runs are made once per JVM and shared by the
 * collector and the bundle-format tests.
 */
public final class CollectorRun {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The result of one collector run. */
  public record Result(int exitCode, String stderr, Map<String, byte[]> entries, List<String> requests) {
    public JsonNode manifest() {
      return json("manifest.json");
    }

    public JsonNode json(String path) {
      byte[] data = entries.get(path);
      assertTrue(data != null, "bundle has no " + path + "; it has " + entries.keySet());
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        throw new AssertionError(path + " is not valid JSON", e);
      }
    }

    public String text(String path) {
      byte[] data = entries.get(path);
      assertTrue(data != null, "bundle has no " + path);
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private static Result clean;
  private static Result hostile;

  private CollectorRun() {}

  public static Path repo() {
    return Path.of(System.getProperty("packetwalk.repo", "..")).toAbsolutePath().normalize();
  }

  public static Path world(String name) {
    return repo().resolve("samples/worlds").resolve(name);
  }

  /** Skips (visibly) when the real tools are not there. */
  public static void assumeTools() {
    Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not on PATH; the collector tests need the real kubectl");
    Assumptions.assumeTrue(onPath("python3"), "python3 is not on PATH; the stand-in API server needs it");
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The healthy sample world, nothing forbidden: the reference bundle for content checks. */
  public static synchronized Result clean() throws Exception {
    if (clean == null) {
      Path work = Files.createTempDirectory("pw-clean");
      try (FakeApiServer server = FakeApiServer.start(world("healthy"), work, List.of())) {
        clean = collect(server, work, List.of("--timeout", "10"), Map.of());
      }
    }
    return clean;
  }

  /**
   * The healthy world with NetworkPolicies forbidden, Ingresses answering too late, the Gateway API
   * served, a node bundle to merge and logs turned off.
   */
  public static synchronized Result hostile() throws Exception {
    if (hostile == null) {
      Path work = Files.createTempDirectory("pw-hostile");
      Path nodeBundle = NodeBundles.good(work.resolve("node-worker-1.tar.gz"));
      List<String> serverArgs = List.of(
          "--forbid", "networkpolicies.networking.k8s.io",
          "--sleep", "ingresses.networking.k8s.io=8",
          "--extra", "gateways gateway.networking.k8s.io/v1 Gateway namespaced");
      try (FakeApiServer server = FakeApiServer.start(world("healthy"), work, serverArgs)) {
        hostile = collect(server, work,
            List.of("--timeout", "2", "--no-logs", "--node-bundle", nodeBundle.toString()), Map.of());
      }
    }
    return hostile;
  }

  /** Runs the collector against a server, writing the bundle into {@code work}. */
  public static Result collect(FakeApiServer server, Path work, List<String> args, Map<String, String> env)
      throws Exception {
    Path out = work.resolve("bundle.tar.gz");
    Files.deleteIfExists(out);
    List<String> cmd = new ArrayList<>(command(server, out));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    pb.environment().putAll(env);
    pb.redirectOutput(work.resolve("collect.out").toFile());
    pb.redirectError(work.resolve("collect.err").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "collector did not finish within 180 s");
    String stderr = Files.readString(work.resolve("collect.err"));
    Map<String, byte[]> entries = Files.exists(out) ? readBundle(Files.readAllBytes(out)) : Map.of();
    return new Result(p.exitValue(), stderr, entries, server.requests());
  }

  static List<String> command(FakeApiServer server, Path out) {
    return List.of(repo().resolve("collector-scripts/packetwalk-collect").toString(),
        "--kubeconfig", server.kubeconfig().toString(), "--output", out.toString());
  }

  /** Unpacks a .tar.gz in memory: path to content, in archive order. */
  public static Map<String, byte[]> readBundle(byte[] tarGz) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tarGz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile()) {
          entries.put(e.getName(), tar.readAllBytes());
        }
      }
    }
    return entries;
  }

  /** The stand-in API server, as a child process. */
  public static final class FakeApiServer implements AutoCloseable {
    private final Process process;
    private final Path kubeconfig;
    private final Path requestLog;

    private FakeApiServer(Process process, Path kubeconfig, Path requestLog) {
      this.process = process;
      this.kubeconfig = kubeconfig;
      this.requestLog = requestLog;
    }

    public static FakeApiServer start(Path world, Path work, List<String> extraArgs) throws IOException {
      Path kubeconfig = work.resolve("kubeconfig");
      Path requestLog = work.resolve("requests.log");
      Files.writeString(requestLog, "");
      List<String> cmd = new ArrayList<>(List.of("python3",
          repo().resolve("collector-scripts/test/fake-apiserver.py").toString(),
          "--world", world.toString(), "--kubeconfig-out", kubeconfig.toString(), "--context", "kind-demo",
          "--request-log", requestLog.toString()));
      cmd.addAll(extraArgs);
      Process p = new ProcessBuilder(cmd).redirectError(work.resolve("server.err").toFile()).start();
      // The first stdout line is the URL; it is printed once the socket listens.
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String url = r.readLine();
      if (url == null || !url.startsWith("http://127.0.0.1:")) {
        p.destroyForcibly();
        throw new IOException("fake API server did not start: " + Files.readString(work.resolve("server.err")));
      }
      return new FakeApiServer(p, kubeconfig, requestLog);
    }

    public Path kubeconfig() {
      return kubeconfig;
    }

    public List<String> requests() {
      try {
        return Files.readAllLines(requestLog);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Small per-node bundles, shaped like the ones packetwalk-node will write. */
  public static final class NodeBundles {
    static final String IPTABLES = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\nCOMMIT\n";
    static final String ROUTES = "default via 10.0.0.1 dev eth0\n10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1\n";

    private NodeBundles() {}

    public static Path good(Path out) throws Exception {
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put("nodes/worker-1/iptables-save.txt", IPTABLES.getBytes(StandardCharsets.UTF_8));
      files.put("nodes/worker-1/ip-route.txt", ROUTES.getBytes(StandardCharsets.UTF_8));
      StringBuilder list = new StringBuilder();
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        if (list.length() > 0) {
          list.append(",\n");
        }
        list.append("    {\"path\": \"").append(f.getKey()).append("\", \"sha256\": \"").append(sha256(f.getValue()))
            .append("\", \"size\": ").append(f.getValue().length)
            .append(", \"command\": \"iptables-save -c\", \"source\": null, \"exitCode\": 0, \"durationMs\": 12,")
            .append(" \"stderr\": null, \"truncated\": false}");
      }
      String manifest = "{\n  \"formatVersion\": 1,\n"
          + "  \"collector\": {\"name\": \"packetwalk-node\", \"version\": \"0.1.0\"},\n"
          + "  \"files\": [\n" + list + "\n  ],\n"
          + "  \"skipped\": [\n    {\"path\": \"nodes/worker-1/conntrack.txt\", \"command\": \"conntrack -L -o extended\","
          + " \"reason\": \"TOOL_MISSING\", \"detail\": \"conntrack is not installed\"}\n  ]\n}\n";
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      entries.putAll(files);
      return write(out, entries);
    }

    public static Path write(Path out, Map<String, byte[]> entries) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (var gz = new java.util.zip.GZIPOutputStream(buf);
          var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(gz)) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
          TarArchiveEntry te = new TarArchiveEntry(e.getKey());
          te.setSize(e.getValue().length);
          tar.putArchiveEntry(te);
          tar.write(e.getValue());
          tar.closeArchiveEntry();
        }
      }
      Files.write(out, buf.toByteArray());
      return out;
    }
  }

  public static String sha256(byte[] data) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(data);
      StringBuilder sb = new StringBuilder();
      for (byte b : d) {
        sb.append(String.format("%02x", b));
      }
      return sb.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
