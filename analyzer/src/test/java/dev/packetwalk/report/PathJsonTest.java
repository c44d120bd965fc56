package dev.packetwalk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.EvidenceSource;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode tree(Trace t) throws Exception {
    return JSON.readTree(JsonReport.text(PathJson.write(t, PathFixtures.EXCERPTS)));
  }

  @Test
  void partialPathHasTheDocumentedShape() throws Exception {
    JsonNode p = tree(PathFixtures.partial(PathFixtures.CLIENT));
    assertEquals(List.of("id", "flow", "verdict", "branches", "breakAt", "narrowing"), fields(p));
    assertEquals("pod/shop/frontend-7d9f8b6c5-abcde->svc/shop/cart:http/tcp", p.get("id").asText());
    JsonNode flow = p.get("flow");
    assertEquals(List.of("from", "to", "proto", "src", "srcPort", "dst", "dstPort", "start", "length",
        "replyLength"), fields(flow));
    assertEquals("TCP", flow.get("proto").asText());
    assertEquals(40000, flow.get("srcPort").asInt());
    assertEquals("10.96.100.30", flow.get("dst").asText());
    assertEquals("POD", flow.at("/start/kind").asText());
    assertEquals("cni-1f2e3d4c", flow.at("/start/netns").asText());
    assertEquals("PARTIAL", p.get("verdict").asText());

    JsonNode branches = p.get("branches");
    assertEquals(2, branches.size());
    assertEquals(List.of("probability", "choices", "disposition", "hops"), fields(branches.get(1)));
    assertEquals("DELIVERED", branches.get(0).get("disposition").asText());
    assertEquals("NEIGHBOR_UNREACHABLE", branches.get(1).get("disposition").asText());
    assertEquals("KUBE-SEP-CARTBBBBBBBBBBBB", branches.get(1).at("/choices/0").asText());
    JsonNode hops = branches.get(1).get("hops");
    assertEquals(List.of("node", "place", "where", "direction", "steps"), fields(hops.get(0)));
    assertEquals("UNDERLAY", hops.get(2).get("place").asText());
    assertEquals("", hops.get(2).get("node").asText());

    JsonNode last = hops.get(3).get("steps").get(2);
    assertEquals("neighbour_lookup", last.get("type").asText());
    assertEquals("neighbour 10.244.1.99 on cni0 FAILED", last.get("text").asText());
    assertEquals(List.of("type", "text", "address", "dev", "lladdr", "state", "fdb", "evidence"), fields(last));
    assertTrue(last.get("fdb").isBoolean());
    assertEquals(List.of("file", "line"), fields(last.get("evidence")), "steps cite file and line only");
    assertEquals("nodes/node-b/iproute/ip-neigh.txt", last.at("/evidence/file").asText());
    assertEquals(2, last.at("/evidence/line").asInt());
    JsonNode rule = hops.get(1).get("steps").get(2);
    assertEquals("chain_evaluation", rule.get("type").asText());
    assertEquals(2, rule.get("rule").asInt(), "int fields stay numbers");

    JsonNode b = p.get("breakAt");
    assertEquals(List.of("node", "component", "disposition", "text", "evidence"), fields(b));
    assertEquals("node-b", b.get("node").asText());
    assertEquals("KUBE_PROXY", b.get("component").asText());
    assertEquals("NEIGHBOR_UNREACHABLE", b.get("disposition").asText());
    assertEquals("10.244.1.99 dev cni0 FAILED", b.at("/evidence/excerpt").asText(),
        "the excerpt is the text of the cited line");
    assertTrue(p.get("narrowing").isNull());
  }

  @Test
  void probabilitiesHaveFixedPrecisionAndUnknownIsNull() throws Exception {
    String text = JsonReport.text(PathJson.write(PathFixtures.partial(PathFixtures.CLIENT), PathExcerpts.NONE));
    assertTrue(text.contains("\"probability\": 0.5000,"), text.substring(0, 600));
    JsonNode unknown = tree(PathFixtures.insufficient(PathFixtures.CLIENT));
    assertTrue(unknown.at("/branches/0/probability").isNull());
    assertEquals("INSUFFICIENT_INFO", unknown.get("verdict").asText());
    assertEquals("EVIDENCE", unknown.at("/breakAt/component").asText());
  }

  @Test
  void narrowingListsVariantsInOrderWithTheirBreaks() throws Exception {
    JsonNode n = tree(PathFixtures.broken(PathFixtures.CLIENT)).get("narrowing");
    assertEquals(List.of("variants", "firstFailing", "conclusion"), fields(n));
    assertEquals("FIREWALL", n.get("firstFailing").asText());
    assertTrue(n.get("conclusion").asText().startsWith("Only packets that node-b forwards"));
    JsonNode v = n.get("variants");
    assertEquals(4, v.size());
    assertEquals(List.of("name", "flow", "verdict", "breakAt", "note"), fields(v.get(0)));
    assertEquals("pod IP instead of ClusterIP", v.get(0).get("name").asText());
    assertEquals("", v.get(0).get("verdict").asText(), "a variant that could not be built has no verdict");
    assertEquals("the destination is a pod IP already", v.get(0).get("note").asText());
    assertEquals("BROKEN", v.get(1).get("verdict").asText());
    assertEquals("node/node-a", v.get(1).at("/flow/from").asText());
    assertEquals(":FORWARD DROP [1843:110580]", v.get(1).at("/breakAt/evidence/excerpt").asText());
    assertEquals("DELIVERED", v.get(2).get("verdict").asText());
    assertTrue(v.get(2).get("breakAt").isNull());
  }

  @Test
  void theReportCarriesEveryPathWithUniqueIdsInTraceOrder() throws Exception {
    List<Trace> traces = new ArrayList<>(PathFixtures.all());
    traces.add(PathFixtures.broken(PathFixtures.CLIENT)); // the same flow again
    AnalysisResult r = PathFixtures.withPaths(ReportFixtures.result(), traces);
    String text = JsonReport.render(r, PathFixtures.EXCERPTS);
    assertEquals(text, JsonReport.render(r, PathFixtures.EXCERPTS), "byte-identical");
    assertEquals(JsonReport.SCHEMA_VERSION, 1, "filling the reserved paths[] keeps schema v1");
    JsonNode paths = JSON.readTree(text).get("paths");
    assertEquals(6, paths.size());
    List<String> verdicts = new ArrayList<>();
    paths.forEach(p -> verdicts.add(p.get("verdict").asText()));
    assertEquals(List.of("DELIVERED", "PARTIAL", "BROKEN", "BROKEN", "INSUFFICIENT_INFO", "BROKEN"), verdicts);
    assertEquals("pod/shop/frontend-7d9f8b6c5-abcde->pod/db/postgres-0/tcp", paths.get(2).get("id").asText());
    assertEquals("pod/shop/frontend-7d9f8b6c5-abcde->pod/db/postgres-0/tcp#2", paths.get(5).get("id").asText());
    // one path of the report is exactly what `packetwalk trace --json` prints for it
    assertEquals(JSON.readTree(JsonReport.text(PathJson.write(traces.get(1), PathFixtures.EXCERPTS))),
        paths.get(1));
  }

  @Test
  void excerptsComeFromTheEvidenceSourceAndNeverThrow() throws Exception {
    EvidenceSource quoting = (ref, note) -> new Evidence(ref.file(), ref.line(), "", "quoted " + ref, note);
    JsonNode p = JSON.readTree(JsonReport.text(PathJson.write(PathFixtures.noEndpoints(PathFixtures.CLIENT),
        PathExcerpts.from(quoting))));
    assertEquals("quoted nodes/node-a/netfilter/iptables-save.txt:22", p.at("/breakAt/evidence/excerpt").asText());
    PathExcerpts broken = ref -> {
      throw new IllegalStateException("unreadable");
    };
    JsonNode q = JSON.readTree(JsonReport.text(PathJson.write(PathFixtures.noEndpoints(PathFixtures.CLIENT), broken)));
    assertEquals("", q.at("/breakAt/evidence/excerpt").asText());
    assertEquals(22, q.at("/breakAt/evidence/line").asInt());
    assertEquals("", PathExcerpts.from(quoting).at(SourceRef.NONE), "no file, nothing to quote");
  }

  @Test
  void bundleTextIsKeptVerbatim() throws Exception {
    JsonNode p = tree(PathFixtures.broken(ReportFixtures.HOSTILE_POD));
    assertEquals("pod/" + ReportFixtures.HOSTILE_POD, p.at("/flow/from").asText());
    assertFalse(JsonReport.text(p).contains("&lt;"), "JSON is not HTML-escaped");
  }

  private static List<String> fields(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
