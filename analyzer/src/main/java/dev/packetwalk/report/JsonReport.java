package dev.packetwalk.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.bundle.Manifest;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.Verdict;
import dev.packetwalk.trace.flows.PathMatrix;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The machine-readable report, "JSON report schema v1" in {@code reports-templates/README.md}. Fields are written in
 * a fixed order and lists in the order of {@link ReportModel}, with no time of rendering, so that two renders of one
 * result are byte-identical and reports of two bundles diff cleanly.
 *
 * <p>Compatibility: within {@link #SCHEMA_VERSION} fields are only ever added. Removing or changing the meaning of a
 * field raises the version.
 */
public final class JsonReport {
  /** Up to this many paths every path is written hop by hop; beyond it delivered ones are kept without hops. */
  static final int FULL_PATHS = PathMatrix.FULL_DETAIL;
  public static final int SCHEMA_VERSION = 1;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectWriter WRITER;

  static {
    DefaultIndenter lf = new DefaultIndenter("  ", "\n");
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER);
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter(separators).withObjectIndenter(lf).withArrayIndenter(lf);
    WRITER = new ObjectMapper().writer(pp);
  }

  private JsonReport() {}

  /** The report as UTF-8 JSON text, ending in a newline. */
  public static String render(AnalysisResult result) {
    return render(result, PathExcerpts.from(result.evidence()));
  }

  /** The report, quoting each path's break point through {@code excerpts}. */
  public static String render(AnalysisResult result, PathExcerpts excerpts) {
    return render(result, ReportModel.of(result, excerpts), excerpts);
  }

  static String render(AnalysisResult result, ReportModel m, PathExcerpts excerpts) {
    try {
      return WRITER.writeValueAsString(tree(result, m, excerpts)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON text of one node, as the report writes it: for {@code packetwalk trace --json}. */
  public static String text(com.fasterxml.jackson.databind.JsonNode node) {
    try {
      return WRITER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(AnalysisResult r, ReportModel m, PathExcerpts excerpts) {
    ObjectNode root = F.objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.putObject("analyzer").put("version", r.analyzerVersion());
    root.set("bundle", bundle(r, m));
    root.set("summary", summary(m.summary()));
    ArrayNode findings = root.putArray("findings");
    for (ReportModel.FindingView f : m.findings()) findings.add(finding(f));
    ArrayNode checks = root.putArray("checks");
    for (ReportModel.CheckRow c : m.checks()) {
      ObjectNode o = checks.addObject();
      o.put("id", c.id());
      o.put("title", c.title());
      o.put("severity", c.severity());
      o.put("layer", c.layer());
      o.put("status", c.status().replace('-', '_'));
      o.put("findings", c.findings());
      ArrayNode reasons = o.putArray("reasons");
      c.reasons().forEach(reasons::add);
    }
    ArrayNode coverage = root.putArray("coverage");
    for (ReportModel.CoverageRow c : m.coverage()) {
      ObjectNode o = coverage.addObject();
      o.put("path", c.path());
      o.put("spec", c.spec());
      o.put("status", c.status());
      o.put("reason", c.reason());
      o.put("items", c.items());
      o.put("warnings", c.warnings());
    }
    ArrayNode problems = root.putArray("problems");
    for (ReportModel.ProblemRow p : m.problems()) {
      ObjectNode o = problems.addObject();
      o.put("file", p.file());
      o.put("line", p.line());
      o.put("kind", p.kind());
      o.put("message", p.message());
    }
    ReportModel.Inventory inv = m.inventory();
    ObjectNode inventory = root.putObject("inventory");
    inventory.put("nodes", inv.nodes().size());
    inventory.put("pods", inv.pods().size());
    inventory.put("services", inv.services().size());
    inventory.put("ingresses", inv.ingresses().size());
    inventory.put("networkPolicies", inv.networkPolicies());
    root.set("nodes", new ObjectMapper().valueToTree(m.nodes()));
    ArrayNode paths = root.putArray("paths");
    List<String> ids = PathReport.ids(m.paths());
    boolean all = r.paths().size() <= FULL_PATHS;
    for (int i = 0; i < r.paths().size(); i++) {
      Trace t = r.paths().get(i);
      paths.add(PathJson.write(t, ids.get(i), excerpts, all || t.verdict() != Verdict.DELIVERED));
    }
    root.set("captures", CaptureReport.json(r.captures()));
    root.set("capturePaths", CapturePathJson.write(r.capturePaths(), m.paths().captured(), excerpts));
    return root;
  }

  private static ObjectNode bundle(AnalysisResult r, ReportModel m) {
    ObjectNode b = F.objectNode();
    ArrayNode sources = b.putArray("sources");
    for (ReportModel.SourceRow s : m.header().sources()) {
      ObjectNode o = sources.addObject();
      o.put("name", s.name());
      o.put("format", s.format());
      o.put("sha256", s.sha256());
      o.put("size", s.size());
    }
    Manifest man = r.manifest();
    ObjectNode collector = b.putObject("collector");
    collector.put("name", man == null ? "" : man.collectorName());
    collector.put("version", man == null ? "" : man.collectorVersion());
    ObjectNode cluster = b.putObject("cluster");
    cluster.put("context", man == null ? "" : man.context());
    cluster.put("server", man == null ? "" : man.server());
    cluster.put("version", r.cluster().serverVersion());
    ObjectNode collected = b.putObject("collected");
    collected.put("start", man == null ? "" : man.startTime());
    collected.put("end", man == null ? "" : man.endTime());
    return b;
  }

  private static ObjectNode summary(ReportModel.Summary s) {
    ObjectNode o = F.objectNode();
    o.put("critical", s.critical());
    o.put("error", s.error());
    o.put("warning", s.warning());
    o.put("info", s.info());
    ObjectNode checks = o.putObject("checks");
    checks.put("passed", s.checksPassed());
    checks.put("found", s.checksFound());
    checks.put("insufficientInfo", s.checksInsufficient());
    checks.put("error", s.checksError());
    return o;
  }

  private static ObjectNode finding(ReportModel.FindingView f) {
    ObjectNode o = F.objectNode();
    o.put("id", f.id());
    o.put("check", f.checkId());
    o.put("severity", f.severity());
    o.put("title", f.title());
    o.put("layer", f.layer());
    o.put("layerTitle", f.layerTitle());
    ObjectNode subject = o.putObject("subject");
    subject.put("kind", f.subjectKind());
    subject.put("namespace", f.subjectNamespace());
    subject.put("name", f.subjectName());
    subject.put("node", f.subjectNode());
    o.put("explanation", f.explanation());
    ArrayNode evidence = o.putArray("evidence");
    for (ReportModel.EvidenceView e : f.evidence()) {
      ObjectNode x = evidence.addObject();
      x.put("file", e.file());
      x.put("line", e.line());
      x.put("pointer", e.pointer());
      x.put("excerpt", e.excerpt());
      x.put("note", e.note());
    }
    o.put("remediation", f.remediation());
    return o;
  }
}
