package dev.packetwalk.report;

import static dev.packetwalk.report.ReportFixtures.HOSTILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.testing.Fixtures;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AnalysisResult RESULT = ReportFixtures.result();
  private static final String TEXT = JsonReport.render(RESULT);

  private static JsonNode root() throws Exception {
    return JSON.readTree(TEXT);
  }

  private static List<String> fields(JsonNode n) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
    return names;
  }

  @Test
  void rendersTheSameBytesTwice() {
    assertEquals(TEXT, JsonReport.render(ReportFixtures.result()));
    assertTrue(TEXT.endsWith("}\n"));
    assertFalse(TEXT.contains("\r"));
  }

  @Test
  void topLevelFieldsInSchemaOrder() throws Exception {
    assertEquals(List.of("schemaVersion", "analyzer", "bundle", "summary", "findings", "checks", "coverage",
        "problems", "inventory", "nodes", "paths", "captures", "capturePaths"), fields(root()));
    assertEquals(1, root().get("schemaVersion").asInt());
    assertEquals(RESULT.analyzerVersion(), root().at("/analyzer/version").asText());
    assertEquals(1, root().get("nodes").size()); // the fixture has one node file, so one node view
    assertEquals("node-a", root().at("/nodes/0/name").asText());
    assertEquals(0, root().get("paths").size());
    assertEquals(0, root().get("captures").size());
  }

  @Test
  void bundleSection() throws Exception {
    JsonNode b = root().get("bundle");
    assertEquals(List.of("sources", "collector", "cluster", "collected"), fields(b));
    assertEquals(List.of("name", "format", "sha256", "size"), fields(b.at("/sources/0")));
    assertEquals("fixture", b.at("/sources/0/name").asText());
    assertEquals("packetwalk-collect", b.at("/collector/name").asText());
    assertEquals("0.1.0", b.at("/collector/version").asText());
    assertEquals("prod-eu-1 " + HOSTILE, b.at("/cluster/context").asText(), "JSON keeps bundle text verbatim");
    assertEquals("https://10.0.0.1:6443", b.at("/cluster/server").asText());
    assertEquals("v1.29.4", b.at("/cluster/version").asText());
    assertEquals("2024-05-01T10:00:00Z", b.at("/collected/start").asText());
    assertEquals("2024-05-01T10:03:27Z", b.at("/collected/end").asText());
  }

  @Test
  void summaryCounts() throws Exception {
    JsonNode s = root().get("summary");
    assertEquals(List.of("critical", "error", "warning", "info", "checks"), fields(s));
    for (String sev : List.of("critical", "error", "warning", "info")) assertEquals(1, s.get(sev).asInt(), sev);
    assertEquals(List.of("passed", "found", "insufficientInfo", "error"), fields(s.get("checks")));
    assertEquals(1, s.at("/checks/passed").asInt());
    assertEquals(1, s.at("/checks/found").asInt());
    assertEquals(1, s.at("/checks/insufficientInfo").asInt());
    assertEquals(1, s.at("/checks/error").asInt());
  }

  @Test
  void findingsMostSevereFirstWithLowerCaseIds() throws Exception {
    JsonNode f = root().get("findings");
    assertEquals(4, f.size());
    assertEquals(List.of("id", "check", "severity", "title", "layer", "layerTitle", "subject", "explanation",
        "evidence", "remediation"), fields(f.get(0)));
    assertEquals(List.of("critical", "error", "warning", "info"),
        List.of(f.at("/0/severity").asText(), f.at("/1/severity").asText(), f.at("/2/severity").asText(),
            f.at("/3/severity").asText()));
    assertEquals("infrastructure", f.at("/0/layer").asText());
    assertEquals("Infrastructure", f.at("/0/layerTitle").asText());
    assertEquals("kubernetes", f.at("/1/layer").asText());
    assertEquals("Kubernetes built-ins", f.at("/1/layerTitle").asText());
    assertEquals("sample-findings:node/node-b", f.at("/0/id").asText());
    assertEquals(List.of("kind", "namespace", "name", "node"), fields(f.at("/0/subject")));
    assertEquals("node-b", f.at("/0/subject/node").asText());
    JsonNode ev = f.at("/2/evidence/0");
    assertEquals(List.of("file", "line", "pointer", "excerpt", "note"), fields(ev));
    assertEquals("logs/kube-system/coredns-5d78c9869d-abcde/coredns.log", ev.get("file").asText());
    assertEquals(2, ev.get("line").asInt());
    assertTrue(ev.get("excerpt").asText().contains("i/o timeout"));
  }

  @Test
  void checksCoverageProblemsInventory() throws Exception {
    JsonNode checks = root().get("checks");
    assertEquals(List.of("id", "title", "severity", "layer", "status", "findings", "reasons"),
        fields(checks.get(0)));
    assertEquals(List.of("found", "passed", "insufficient_info", "error"),
        List.of(checks.at("/0/status").asText(), checks.at("/1/status").asText(), checks.at("/2/status").asText(),
            checks.at("/3/status").asText()));
    assertEquals(4, checks.at("/0/findings").asInt());
    assertTrue(checks.at("/2/reasons").toString().contains("not collected: endpoint slices"));

    JsonNode coverage = root().get("coverage");
    assertEquals(List.of("path", "spec", "status", "reason", "items", "warnings"), fields(coverage.get(0)));
    List<String> paths = new ArrayList<>();
    coverage.forEach(c -> paths.add(c.get("path").asText()));
    assertEquals(paths.stream().sorted().toList(), paths, "coverage sorted by path");
    assertTrue(coverage.toString().contains("\"status\":\"failed\""));
    assertTrue(coverage.toString().contains("\"status\":\"skipped\""));
    assertTrue(coverage.toString().contains("\"status\":\"missing\""));

    JsonNode problems = root().get("problems");
    assertTrue(problems.size() >= 1);
    assertEquals(List.of("file", "line", "kind", "message"), fields(problems.get(0)));
    assertEquals("cluster/endpoints.json", problems.get(0).get("file").asText());
    assertEquals("malformed", problems.get(0).get("kind").asText());

    JsonNode inv = root().get("inventory");
    assertEquals(List.of("nodes", "pods", "services", "ingresses", "networkPolicies"), fields(inv));
    assertEquals(2, inv.get("nodes").asInt());
    assertEquals(3, inv.get("pods").asInt());
    assertEquals(3, inv.get("services").asInt());
    assertEquals(1, inv.get("ingresses").asInt());
    assertEquals(0, inv.get("networkPolicies").asInt());
  }

  @Test
  void bundleWithoutManifestHasEmptyStringsNotNulls() throws Exception {
    JsonNode r = JSON.readTree(JsonReport.render(Fixtures.analyze(List.of(), Map.of())));
    assertEquals("", r.at("/bundle/collector/name").asText("null"));
    assertEquals("", r.at("/bundle/collected/start").asText("null"));
    assertFalse(JsonReport.render(Fixtures.analyze(List.of(), Map.of())).contains("null"));
  }

  @Test
  void duplicateSubjectsGetDistinctIds() throws Exception {
    JsonNode f = JSON.readTree(JsonReport.render(ReportFixtures.manyFindings(8))).get("findings");
    List<String> ids = new ArrayList<>();
    f.forEach(x -> ids.add(x.get("id").asText()));
    assertEquals(ids.size(), ids.stream().distinct().count(), ids.toString());
  }
}
