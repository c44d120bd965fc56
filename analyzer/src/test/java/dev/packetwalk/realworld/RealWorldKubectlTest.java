package dev.packetwalk.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real kubectl output in the corpus (test resources realworld/kubectl/, copied from ../shared/realworld with
 * its PROVENANCE.md) is analysed with the whole check catalog: no crash, a coverage row that names what could not
 * be used, and objects read from every file that holds Kubernetes JSON or YAML.
 */
class RealWorldKubectlTest {

  /** Where a file of this name would stand in a bundle. */
  static String bundlePath(String name) {
    String n = name.toLowerCase();
    String[][] table = {
        {"endpointslice", "cluster/endpointslices.json"}, {"endpoints", "cluster/endpoints.json"},
        {"event", "cluster/events.json"}, {"ingress", "cluster/ingresses.json"},
        {"networkpolic", "cluster/networkpolicies.json"}, {"netpol", "cluster/networkpolicies.json"},
        {"namespace", "cluster/namespaces.json"}, {"node", "cluster/nodes.json"},
        {"service", "cluster/services.json"}, {"svc", "cluster/services.json"}, {"pod", "cluster/pods.json"}};
    for (String[] row : table) if (n.contains(row[0])) return row[1];
    return "cluster/pods.json";
  }

  static List<Path> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(RealWorldKubectlTest.class.getResource("/realworld/kubectl/PROVENANCE.md").toURI()).getParent();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().equals("PROVENANCE.md")).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFileIsAnalysedAndAccountedFor() throws IOException, URISyntaxException {
    List<Path> files = corpus();
    assertTrue(files.size() >= 60, "corpus has " + files.size() + " files");
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      String path = bundlePath(f.getFileName().toString());
      TreeMap<String, byte[]> content = new TreeMap<>(Map.of(path, Files.readAllBytes(f)));
      Bundle b = new Bundle(List.of(new Bundle.Source(f.toString(), "directory", "", 0)), content, List.of());
      AnalysisResult r = new Analyzer(BundleLimits.DEFAULT, Checks.ALL).analyze(b);
      Coverage c = r.coverage().stream().filter(x -> x.path().equals(path)).findFirst().orElseThrow();
      assertNotNull(c.status());
      for (CheckResult cr : r.checks()) {
        assertFalse(cr.status() == CheckResult.Status.ERROR, cr.info().id() + " crashed: " + cr.reasons());
      }
      boolean structured = f.toString().endsWith(".json") || f.toString().endsWith(".yaml");
      if (structured) {
        assertTrue(c.items() > 0, "no object read from " + f.getFileName() + ": " + c);
      } else {
        // tables and describe output are not bundle evidence: they must be named as unusable, with a reason
        assertEquals(Coverage.Status.FAILED, c.status(), c.toString());
        assertFalse(c.reason().isBlank());
      }
    }));
  }

  @org.junit.jupiter.api.Test
  void realPodsAndEventsBecomeModelObjects() throws IOException, URISyntaxException {
    Path pods = corpus().stream().filter(p -> p.getFileName().toString().equals("hotsos-sunbeam.openstack.pods.json"))
        .findFirst().orElseThrow();
    TreeMap<String, byte[]> content = new TreeMap<>(Map.of("cluster/pods.json", Files.readAllBytes(pods)));
    AnalysisResult r = new Analyzer(BundleLimits.DEFAULT, List.of()).analyze(
        new Bundle(List.of(new Bundle.Source("x", "directory", "", 0)), content, List.of()));
    assertEquals(24, r.cluster().pods().size());
    assertTrue(r.cluster().pods().stream().allMatch(p -> p.meta().ref().line() > 0));
    assertTrue(r.cluster().pods().stream().anyMatch(p -> !p.podIP().isEmpty()));
    try (InputStream in = RealWorldKubectlTest.class.getResourceAsStream("/realworld/kubectl/PROVENANCE.md")) {
      assertTrue(new String(in.readAllBytes()).contains("hotsos-sunbeam.openstack.pods.json"));
    }
  }
}
