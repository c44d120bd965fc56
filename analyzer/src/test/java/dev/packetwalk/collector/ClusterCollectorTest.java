package dev.packetwalk.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.collector.CollectorRun.FakeApiServer;
import dev.packetwalk.collector.CollectorRun.NodeBundles;
import dev.packetwalk.collector.CollectorRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real packetwalk-collect, with the real kubectl, against the stand-in API server. */
class ClusterCollectorTest {

  static final List<String> CLUSTER_LISTS = List.of(
      "cluster/nodes.json", "cluster/namespaces.json", "cluster/pods.json",
      "cluster/services.json", "cluster/endpoints.json", "cluster/endpointslices.json", "cluster/ingresses.json",
      "cluster/ingressclasses.json", "cluster/networkpolicies.json", "cluster/events.json",
      "cluster/kube-system/configmaps.json", "cluster/kube-system/daemonsets.json",
      "cluster/kube-system/deployments.json");

  @BeforeAll
  static void tools() {
    CollectorRun.assumeTools();
  }

  @Test
  void collectsEveryClusterFileAsJson() throws Exception {
    Result r = CollectorRun.clean();
    assertEquals(0, r.exitCode(), r.stderr());
    for (String path : CLUSTER_LISTS) {
      JsonNode doc = r.json(path);
      assertEquals("List", doc.path("kind").asText(), path);
      assertTrue(doc.path("items").isArray(), path);
    }
    assertTrue(r.text("cluster/api-resources.txt").startsWith("NAME "), "api-resources -o wide");
    assertEquals(3, r.json("cluster/nodes.json").path("items").size());
    assertEquals("v1.30.6", r.json("cluster/version.json").path("serverVersion").path("gitVersion").asText());
    // the flannel DaemonSet lives in kube-flannel, the controller in ingress-nginx
    assertEquals("kube-flannel-ds", r.json("cluster/kube-flannel/daemonsets.json").at("/items/0/metadata/name").asText());
    assertEquals("ingress-nginx-controller",
        r.json("cluster/ingress-nginx/deployments.json").at("/items/0/metadata/name").asText());
    assertTrue(r.text("collector.log").lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*")),
        "every collector.log line starts with a UTC timestamp");
  }

  @Test
  void readsOnlyNetworkConfigMaps() throws Exception {
    Result r = CollectorRun.clean();
    List<String> names = new ArrayList<>();
    r.json("cluster/kube-system/configmaps.json").path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    assertEquals(List.of("coredns", "kube-proxy"), names.stream().sorted().toList());
    assertFalse(r.text("cluster/kube-system/configmaps.json").contains("kubeadm-config"));
  }

  @Test
  void manifestDescribesEveryFileExactly() throws Exception {
    Result r = CollectorRun.clean();
    JsonNode m = r.manifest();
    assertEquals(1, m.path("formatVersion").asInt());
    assertEquals("packetwalk-collect", m.at("/collector/name").asText());
    assertEquals("kind-demo", m.at("/cluster/context").asText());
    assertTrue(m.at("/cluster/server").asText().startsWith("http://127.0.0.1:"));
    assertTrue(m.path("startTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    assertEquals(10, m.at("/options/timeoutSeconds").asInt());
    assertEquals(500, m.at("/options/logLines").asInt());
    Map<String, JsonNode> listed = new HashMap<>();
    for (JsonNode f : m.path("files")) {
      String path = f.path("path").asText();
      byte[] data = r.entries().get(path);
      assertNotNull(data, "listed but absent: " + path);
      assertEquals(CollectorRun.sha256(data), f.path("sha256").asText(), path);
      assertEquals(data.length, f.path("size").asLong(), path);
      assertEquals(0, f.path("exitCode").asInt(), path);
      assertTrue(f.path("command").asText().startsWith("kubectl "), path);
      assertTrue(f.path("source").isNull(), path);
      assertFalse(f.path("truncated").asBoolean(), path);
      if (!f.path("stderr").isNull()) {
        assertTrue(r.entries().containsKey(f.path("stderr").asText()), "stderr of " + path);
      }
      listed.put(path, f);
    }
    assertFalse(listed.containsKey("manifest.json"));
    for (String path : r.entries().keySet()) {
      assertTrue(listed.containsKey(path) || path.equals("manifest.json") || path.equals("collector.log")
          || path.startsWith("stderr/"), "in the bundle but not in the manifest: " + path);
    }
    assertEquals("manifest.json", r.entries().keySet().iterator().next(), "manifest.json comes first");
  }

  @Test
  void collectsNetworkComponentLogsIncludingInitContainers() throws Exception {
    Result r = CollectorRun.clean();
    assertTrue(r.text("logs/kube-system/coredns-7db6d8ff4d-2wx5r/coredns.log").contains("CoreDNS-1.11.1"));
    assertTrue(r.text("logs/kube-system/kube-proxy-lk9wd/kube-proxy.log").contains("Using iptables Proxier"));
    assertTrue(r.entries().containsKey("logs/kube-flannel/kube-flannel-ds-jpp96/install-cni.log"), "init container");
    assertTrue(r.text("logs/kube-flannel/kube-flannel-ds-jpp96/kube-flannel.log").contains("Running backend."));
    assertTrue(r.text("logs/ingress-nginx/ingress-nginx-controller-7d9d8c7b5f-qm2tx/controller.log")
        .contains("NGINX Ingress controller"));
    assertTrue(r.entries().keySet().stream().noneMatch(p -> p.startsWith("logs/shop/")), "app pods are not network components");
  }

  @Test
  void redactsEnvValuesAndLastAppliedButKeepsNames() throws Exception {
    Result r = CollectorRun.clean();
    String pods = r.text("cluster/pods.json");
    assertTrue(pods.contains("\"name\": \"SESSION_SECRET\""), "env names stay");
    assertTrue(pods.contains("\"name\": \"DB_PASSWORD\""), "env names stay");
    assertTrue(pods.contains("\"fieldPath\": \"spec.nodeName\""), "valueFrom stays");
    assertEnvRedacted(r.json("cluster/pods.json"));
    assertEnvRedacted(r.json("cluster/kube-flannel/daemonsets.json"));
    assertEnvRedacted(r.json("cluster/ingress-nginx/deployments.json"));
    int lastApplied = 0;
    for (Map.Entry<String, byte[]> e : r.entries().entrySet()) {
      String text = new String(e.getValue(), StandardCharsets.UTF_8);
      assertFalse(text.contains("9f1c2e7ad04b4c55b1d3e8f60a7c2b19"), "env value leaked in " + e.getKey());
      assertFalse(text.contains("libmimalloc"), "env value leaked in " + e.getKey());
      assertFalse(text.contains("aHVudGVyMi1kby1ub3QtbGVhaw=="), "secret data leaked in " + e.getKey());
      if (e.getKey().startsWith("cluster/") && e.getKey().endsWith(".json")) {
        for (JsonNode item : r.json(e.getKey()).path("items")) {
          JsonNode la = item.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration");
          if (!la.isMissingNode()) {
            assertEquals("<redacted>", la.asText(), e.getKey());
            lastApplied++;
          }
        }
      }
    }
    assertTrue(lastApplied >= 5, "the world has applied objects: " + lastApplied);
  }

  private static void assertEnvRedacted(JsonNode list) {
    int values = 0;
    for (JsonNode item : list.path("items")) {
      JsonNode spec = item.has("spec") && item.path("spec").has("template") ? item.at("/spec/template/spec") : item.path("spec");
      for (String kind : List.of("containers", "initContainers")) {
        for (JsonNode c : spec.path(kind)) {
          for (JsonNode env : c.path("env")) {
            assertTrue(env.hasNonNull("name"), "env name kept");
            if (env.has("value")) {
              assertEquals("<redacted>", env.path("value").asText(), env.toString());
              values++;
            }
          }
        }
      }
    }
    assertTrue(values > 0, "the list had env values to redact");
  }

  @Test
  void neverAsksForSecretsAndNeverWrites() throws Exception {
    for (Result r : List.of(CollectorRun.clean(), CollectorRun.hostile())) {
      assertFalse(r.requests().isEmpty());
      for (String req : r.requests()) {
        assertTrue(req.startsWith("GET "), "read-only: " + req);
        assertFalse(req.contains("/secrets"), "asked for secrets: " + req);
      }
    }
  }

  @Test
  void forbiddenIsSkippedAndTheRunSucceeds() throws Exception {
    Result r = CollectorRun.hostile();
    assertEquals(0, r.exitCode(), r.stderr());
    JsonNode s = skipped(r, "cluster/networkpolicies.json");
    assertEquals("FORBIDDEN", s.path("reason").asText());
    assertTrue(s.path("detail").asText().contains("forbidden"), s.toString());
    assertEquals("kubectl get networkpolicies -A -o json", s.path("command").asText());
    assertFalse(r.entries().containsKey("cluster/networkpolicies.json"));
    assertTrue(r.text("stderr/cluster/networkpolicies.json").contains("Forbidden"));
    r.json("cluster/pods.json"); // later steps still ran
  }

  @Test
  void slowAnswerIsTimeout() throws Exception {
    Result r = CollectorRun.hostile();
    assertEquals("TIMEOUT", skipped(r, "cluster/ingresses.json").path("reason").asText());
    assertFalse(r.entries().containsKey("cluster/ingresses.json"));
  }

  @Test
  void customResourcesFollowDiscovery() throws Exception {
    Result r = CollectorRun.hostile();
    // served (--extra): collected
    assertEquals("List", r.json("cluster/custom/gateways.gateway.networking.k8s.io.json").path("kind").asText());
    // not served: recorded without asking
    JsonNode s = skipped(r, "cluster/custom/ippools.crd.projectcalico.org.json");
    assertEquals("NOT_SERVED", s.path("reason").asText());
    assertTrue(r.requests().stream().noneMatch(q -> q.contains("projectcalico")));
    assertEquals("NOT_SERVED", skipped(r, "cluster/custom/httproutes.gateway.networking.k8s.io.json").path("reason").asText());
  }

  @Test
  void noLogsIsRecordedAsDisabled() throws Exception {
    Result r = CollectorRun.hostile();
    assertEquals("DISABLED", skipped(r, "logs/").path("reason").asText());
    assertTrue(r.entries().keySet().stream().noneMatch(p -> p.startsWith("logs/")));
  }

  @Test
  void mergesANodeBundle() throws Exception {
    Result r = CollectorRun.hostile();
    assertArrayEquals(NodeBundles.IPTABLES.getBytes(StandardCharsets.UTF_8),
        r.entries().get("nodes/worker-1/iptables-save.txt"));
    JsonNode m = r.manifest();
    JsonNode file = null;
    for (JsonNode f : m.path("files")) {
      if (f.path("path").asText().equals("nodes/worker-1/ip-route.txt")) {
        file = f;
      }
    }
    assertNotNull(file, "node file listed in the cluster manifest");
    assertEquals(CollectorRun.sha256(r.entries().get("nodes/worker-1/ip-route.txt")), file.path("sha256").asText());
    assertEquals("TOOL_MISSING", skipped(r, "nodes/worker-1/conntrack.txt").path("reason").asText());
    assertEquals("node-worker-1.tar.gz", m.at("/options/nodeBundles/0").asText());
  }

  @Test
  void refusesANodeBundleWithEntriesOutsideNodes() throws Exception {
    Path work = Files.createTempDirectory("pw-refuse");
    for (String bad : List.of("cluster/pods.json", "nodes/../cluster/pods.json", "nodes/x")) {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("nodes/worker-1/ip-route.txt", "x\n".getBytes(StandardCharsets.UTF_8));
      entries.put(bad, "{}".getBytes(StandardCharsets.UTF_8));
      Path nb = NodeBundles.write(work.resolve("bad.tar.gz"), entries);
      try (FakeApiServer server = FakeApiServer.start(CollectorRun.world("healthy"), work, List.of())) {
        Result r = CollectorRun.collect(server, work, List.of("--node-bundle", nb.toString()), Map.of());
        assertEquals(2, r.exitCode(), bad + ": " + r.stderr());
        assertTrue(r.stderr().contains("outside nodes/"), r.stderr());
        assertTrue(r.entries().isEmpty(), "no bundle written");
        assertTrue(r.requests().isEmpty(), "refused before talking to the cluster");
      }
    }
  }

  @Test
  void sizeCapKeepsAPrefixAndRecordsIt() throws Exception {
    Path work = Files.createTempDirectory("pw-cap");
    try (FakeApiServer server = FakeApiServer.start(CollectorRun.world("healthy"), work, List.of())) {
      Result r = CollectorRun.collect(server, work, List.of("--max-file-bytes", "3000", "--no-logs"), Map.of());
      assertEquals(0, r.exitCode(), r.stderr());
      JsonNode pods = null;
      for (JsonNode f : r.manifest().path("files")) {
        assertTrue(f.path("size").asLong() <= 3000, f.toString());
        assertEquals(CollectorRun.sha256(r.entries().get(f.path("path").asText())), f.path("sha256").asText());
        if (f.path("path").asText().equals("cluster/pods.json")) {
          pods = f;
        }
      }
      assertNotNull(pods);
      assertTrue(pods.path("truncated").asBoolean());
      assertEquals(3000, r.entries().get("cluster/pods.json").length);
      assertEquals("SIZE_CAP", skipped(r, "cluster/pods.json").path("reason").asText());
      assertFalse(r.json("cluster/version.json").isMissingNode(), "small files stay whole");
    }
  }

  @Test
  void interruptLeavesNoTemporaryFiles() throws Exception {
    Path work = Files.createTempDirectory("pw-int");
    Path tmp = Files.createDirectory(work.resolve("tmp"));
    Path out = work.resolve("bundle.tar.gz");
    try (FakeApiServer server = FakeApiServer.start(CollectorRun.world("healthy"), work, List.of("--sleep", "pods=60"))) {
      ProcessBuilder pb = new ProcessBuilder(CollectorRun.command(server, out).toArray(String[]::new))
          .redirectOutput(work.resolve("int.out").toFile()).redirectError(work.resolve("int.err").toFile());
      List<String> cmd = new ArrayList<>(pb.command());
      cmd.addAll(List.of("--timeout", "30"));
      pb.command(cmd);
      pb.environment().put("TMPDIR", tmp.toString());
      Process p = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (server.requests().stream().noneMatch(q -> q.startsWith("GET /api/v1/pods?"))) {
        assertTrue(System.nanoTime() < deadline, "the collector never listed pods");
        assertTrue(p.isAlive(), "collector ended early: " + Files.readString(work.resolve("int.err")));
        Thread.sleep(100);
      }
      try (Stream<Path> s = Files.list(tmp)) {
        assertEquals(1, s.count(), "the collector works in one temp dir under TMPDIR");
      }
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "collector did not stop on SIGINT");
      assertEquals(130, p.exitValue());
      Thread.sleep(300); // anything still running would recreate files now
      try (Stream<Path> s = Files.list(tmp)) {
        assertEquals(List.of(), s.toList(), "temp files left after SIGINT");
      }
      assertFalse(Files.exists(out), "no half bundle");
    }
  }

  static JsonNode skipped(Result r, String path) {
    for (JsonNode s : r.manifest().path("skipped")) {
      if (s.path("path").asText().equals(path)) {
        return s;
      }
    }
    throw new AssertionError("not in skipped: " + path + " in " + r.manifest().path("skipped"));
  }
}
