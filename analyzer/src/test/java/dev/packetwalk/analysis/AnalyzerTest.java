package dev.packetwalk.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.Coverage.Status;
import dev.packetwalk.testing.TarBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzerTest {
  @TempDir Path dir;

  private static final String PODS = """
      {"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "shop", "labels": {"app": "web"}},
         "spec": {"nodeName": "worker-1", "containers": [{"name": "web", "ports": [{"containerPort": 8080}]}]},
         "status": {"phase": "Running", "podIP": "10.244.1.5"}}
      ]}
      """;

  private static AnalysisResult analyze(Path p) {
    return new Analyzer(BundleLimits.DEFAULT, List.of()).analyze(List.of(p));
  }

  private static Coverage coverage(AnalysisResult r, String path) {
    return r.coverage().stream().filter(c -> c.path().equals(path)).findFirst().orElseThrow(
        () -> new AssertionError("no coverage row for " + path + " in " + r.coverage()));
  }

  @Test
  void hashMismatchFailsThatFileOnlyAndSaysSo() throws IOException {
    TarBuilder t = new TarBuilder().file("cluster/pods.json", PODS).file("cluster/services.json", "{\"items\": []}")
        .withManifest();
    // the manifest hashes the original; replace services.json with other bytes under the same name
    Path p = new TarBuilder().file("manifest.json", new String(manifestOf(t)))
        .unlisted("cluster/pods.json", PODS).unlisted("cluster/services.json", "{\"items\": [1]}")
        .writeTarGz(dir.resolve("b.tgz"));
    AnalysisResult r = analyze(p);
    Coverage svc = coverage(r, "cluster/services.json");
    assertEquals(Status.FAILED, svc.status());
    assertTrue(svc.reason().contains("sha256 mismatch"), svc.reason());
    assertEquals(Status.PARSED, coverage(r, "cluster/pods.json").status());
    assertEquals(1, r.cluster().pods().size());
  }

  private static byte[] manifestOf(TarBuilder withManifest) throws IOException {
    byte[] tar = withManifest.tar();
    // the manifest is the first entry: header (512) + content up to the first NUL padding
    int end = 512;
    while (tar[end] != 0) end++;
    return java.util.Arrays.copyOfRange(tar, 512, end);
  }

  @Test
  void nonJsonClusterFileIsNamedAndTheRestAnalysed() throws IOException {
    Path p = new TarBuilder().file("cluster/pods.json", PODS)
        .file("cluster/services.json", "Error from server (Forbidden): services is forbidden\n")
        .file("cluster/nodes.json", "{\"items\": [ {\"kind\": \"Node\", \"metadata\": {\"name\": \"n1\"}},")
        .withManifest().writeTarGz(dir.resolve("b.tgz"));
    AnalysisResult r = analyze(p);
    assertEquals(Status.FAILED, coverage(r, "cluster/services.json").status());
    assertTrue(coverage(r, "cluster/services.json").reason().contains("expected a Kubernetes object"),
        coverage(r, "cluster/services.json").reason());
    Coverage nodes = coverage(r, "cluster/nodes.json");
    assertEquals(Status.PARTIAL, nodes.status(), nodes.reason());
    assertEquals(1, r.cluster().nodes().size());
    assertEquals(1, r.cluster().pods().size());
    assertTrue(r.usable());
  }

  @Test
  void absentEvidenceIsMissingUnlessTheCollectorSaidWhy() throws IOException {
    String manifest = """
        {"formatVersion": 1, "collector": {"name": "packetwalk-collect", "version": "t"},
         "files": [], "skipped": [
           {"path": "cluster/networkpolicies.json", "command": "kubectl get networkpolicies -A -o json",
            "reason": "FORBIDDEN", "detail": "networkpolicies is forbidden"},
           {"path": "cluster/custom/ippools.crd.projectcalico.org.json", "reason": "NOT_SERVED", "detail": ""}]}
        """;
    Path p = new TarBuilder().file("manifest.json", manifest).writeTarGz(dir.resolve("b.tgz"));
    AnalysisResult r = analyze(p);
    assertEquals(Status.SKIPPED, coverage(r, "cluster/networkpolicies.json").status());
    assertTrue(coverage(r, "cluster/networkpolicies.json").reason().startsWith("FORBIDDEN"));
    assertEquals(Status.MISSING, coverage(r, "cluster/pods.json").status());
    assertEquals(Status.SKIPPED, coverage(r, "cluster/custom/ippools.crd.projectcalico.org.json").status());
  }

  @Test
  void unknownPathsAreListedAsUnused() throws IOException {
    Path p = new TarBuilder().file("cluster/pods.json", PODS).file("notes/readme.txt", "hi")
        .writeTarGz(dir.resolve("b.tgz"));
    assertEquals(Status.UNUSED, coverage(analyze(p), "notes/readme.txt").status());
  }

  @Test
  void modelCitesTheLineOfEachObject() throws IOException {
    Path p = new TarBuilder().file("cluster/pods.json", PODS).writeTarGz(dir.resolve("b.tgz"));
    var pod = analyze(p).cluster().pods().get(0);
    assertEquals("cluster/pods.json", pod.meta().ref().file());
    assertEquals(2, pod.meta().ref().line());
    assertEquals("10.244.1.5", pod.podIP());
  }
}
