package dev.packetwalk.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.build.ClusterModelBuilder;
import dev.packetwalk.build.node.NodeDataplaneBuilder;
import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.BundleReader;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.Coverage.Status;
import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.bundle.Manifest;
import dev.packetwalk.bundle.ManifestReader;
import dev.packetwalk.bundle.StreamedEntry;
import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckInputs;
import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.CheckRunner;
import dev.packetwalk.check.Finding;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.ContainerLog;
import dev.packetwalk.parse.Json;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import dev.packetwalk.parse.kube.KubeObject;
import dev.packetwalk.parse.kube.KubeObjectReader;
import dev.packetwalk.trace.flows.PathMatrix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The pipeline: read the bundle, verify it against its manifest, parse each evidence file with its parser, convert
 * once into the neutral model, run the checks. Every problem along the way becomes a diagnostic and a coverage row;
 * nothing here throws at the user.
 */
public final class Analyzer {
  private final BundleLimits limits;
  private final List<Check> checks;
  private final boolean tracePaths;
  private final boolean hashInputs;

  public Analyzer(BundleLimits limits, List<Check> checks) {
    this(limits, checks, true);
  }

  /** @param tracePaths whether to trace the automatic flow matrix ({@code inspect} and {@code trace} do not) */
  public Analyzer(BundleLimits limits, List<Check> checks, boolean tracePaths) {
    this(limits, checks, tracePaths, true);
  }

  private Analyzer(BundleLimits limits, List<Check> checks, boolean tracePaths, boolean hashInputs) {
    this.limits = limits;
    this.checks = List.copyOf(checks);
    this.tracePaths = tracePaths;
    this.hashInputs = hashInputs;
  }

  /**
   * This analyzer, leaving the inputs' sha256 out ({@link BundleReader#withoutInputHashes()}): for a run that writes
   * no report, where hashing a 1 GB capture would cost more than a third of the run for a figure nobody sees.
   */
  public Analyzer withoutInputHashes() {
    return new Analyzer(limits, checks, tracePaths, false);
  }

  /** Reads and analyses the inputs; a large capture is analysed as the archive streams it by, so it is read once. */
  public AnalysisResult analyze(List<Path> inputs) {
    CaptureStage captures = new CaptureStage();
    BundleReader reader = new BundleReader(limits).tapping(captures::tap);
    Bundle bundle = (hashInputs ? reader : reader.withoutInputHashes()).read(inputs);
    return analyze(bundle, captures);
  }

  public AnalysisResult analyze(Bundle bundle) {
    return analyze(bundle, new CaptureStage());
  }

  private AnalysisResult analyze(Bundle bundle, CaptureStage captures) {
    List<ParseWarning> problems = new ArrayList<>(bundle.problems());
    Manifest manifest = bundle.file(EvidenceSpec.MANIFEST.pattern())
        .map(b -> ManifestReader.read(b, problems)).orElse(null);
    Map<String, String> integrity = verify(bundle, manifest, problems);
    Map<String, Manifest.FileEntry> entries = manifest == null ? Map.of() : manifest.byPath();

    ClusterModelBuilder model = new ClusterModelBuilder();
    NodeDataplaneBuilder nodeModel = new NodeDataplaneBuilder();
    Map<String, JsonNode> jsonRoots = new HashMap<>();
    List<Coverage> coverage = new ArrayList<>();
    for (String path : bundle.paths()) {
      byte[] content = bundle.files().get(path);
      Optional<EvidenceSpec> spec = EvidenceSpec.of(path);
      if (integrity.containsKey(path)) {
        coverage.add(new Coverage(path, spec.orElse(null), Status.FAILED, integrity.get(path), 0, 1));
        continue;
      }
      if (CaptureStage.accepts(path)) {
        coverage.add(content != null ? captures.add(path, content, problems)
            : captures.add(path, bundle.streamed().get(path), problems));
        continue;
      }
      if (content == null) {
        coverage.add(new Coverage(path, spec.orElse(null), Status.UNUSED, "a large packet capture where none is "
            + "read; not read", 0, 0));
        continue;
      }
      if (spec.isEmpty()) {
        coverage.add(new Coverage(path, null, Status.UNUSED, "not a bundle format v1 path; not read", 0, 0));
        continue;
      }
      if (spec.get().family() == EvidenceSpec.Family.NODE && NodeDataplaneBuilder.accepts(path)) {
        nodeModel.add(path, spec.get(), content); // read once the cluster model exists, to join pods
        continue;
      }
      Coverage c = parse(path, spec.get(), content, model, jsonRoots, problems);
      if (c != null) coverage.add(withCollectorNotes(c, entries, bundle));
    }
    Cluster cluster = model.build();
    NodeDataplaneBuilder.Result nodes = nodeModel.build(cluster);
    for (Coverage c : nodes.coverage()) coverage.add(withCollectorNotes(c, entries, bundle));
    problems.addAll(nodes.warnings());
    addAbsent(bundle, manifest, coverage);
    coverage.sort(null);

    List<CaptureResult> captureResults = captures.results(cluster, nodes.nodes());
    CheckInputs inputs = new CheckInputs(cluster, nodes.nodes(), captureResults);
    BundleEvidence evidence = new BundleEvidence(bundle, jsonRoots);
    List<CheckResult> results = CheckRunner.runAll(checks, inputs, evidence);
    List<Finding> findings = results.stream().flatMap(r -> r.findings().stream()).sorted(Finding.ORDER).toList();
    return new AnalysisResult(Version.get(), bundle.sources(), manifest, coverage, problems, cluster, nodes.nodes(),
        results, findings, captureResults, tracePaths ? PathMatrix.run(cluster, nodes.nodes()) : List.of(), evidence,
        CapturePathStage.run(manifest, bundle, captureResults, cluster, nodes.nodes()));
  }

  /** Paths whose content contradicts the manifest, with the reason; also reports files the manifest lacks. */
  private static Map<String, String> verify(Bundle bundle, Manifest manifest, List<ParseWarning> problems) {
    Map<String, String> failed = new HashMap<>();
    if (manifest == null) {
      // a capture given on its own never has one: nothing is missing, and the report's header says what it is
      if (Bundle.Source.allBareCaptures(bundle.sources())) return failed;
      problems.add(ParseWarning.of(EvidenceSpec.MANIFEST.pattern(), 0, Kind.INTEGRITY,
          bundle.has(EvidenceSpec.MANIFEST.pattern()) ? "manifest unusable; file hashes cannot be verified"
              : "no manifest.json; file hashes cannot be verified"));
      return failed;
    }
    TreeSet<String> listed = new TreeSet<>();
    for (Manifest.FileEntry e : manifest.files()) {
      listed.add(e.path());
      Optional<String> hash = bundle.file(e.path()).map(Analyzer::sha256)
          .or(() -> bundle.streamed(e.path()).map(StreamedEntry::sha256));
      if (hash.isEmpty()) {
        problems.add(ParseWarning.of(e.path(), 0, Kind.INTEGRITY, "listed in the manifest but absent from the bundle"));
        continue;
      }
      String actual = hash.get();
      if (!e.sha256().isEmpty() && !e.sha256().equalsIgnoreCase(actual)) {
        String why = "sha256 mismatch: the manifest says " + abbreviate(e.sha256()) + ", the file is "
            + abbreviate(actual) + "; the file was altered or damaged and is not used";
        failed.put(e.path(), why);
        problems.add(ParseWarning.of(e.path(), 0, Kind.INTEGRITY, why));
      }
    }
    for (String path : bundle.paths()) {
      if (!listed.contains(path) && !path.equals(EvidenceSpec.MANIFEST.pattern())
          && !EvidenceSpec.COMMAND_STDERR.matches(path) && !path.equals(EvidenceSpec.COLLECTOR_LOG.pattern())) {
        problems.add(ParseWarning.of(path, 0, Kind.INTEGRITY, "present in the bundle but not listed in the manifest"));
      }
    }
    return failed;
  }

  private static Coverage parse(String path, EvidenceSpec spec, byte[] content, ClusterModelBuilder model,
      Map<String, JsonNode> jsonRoots, List<ParseWarning> problems) {
    switch (spec) {
      case MANIFEST, COLLECTOR_LOG, API_RESOURCES -> {
        int lines = lines(content).size();
        return new Coverage(path, spec, content.length == 0 ? Status.EMPTY : Status.PARSED, lines + " line(s)", lines,
            0);
      }
      case COMMAND_STDERR -> {
        return null; // shown beside the file it belongs to
      }
      case SERVER_VERSION -> {
        try {
          JsonNode v = Json.mapper().readTree(content);
          model.serverVersion(v.path("serverVersion").path("gitVersion").asText(""));
          return new Coverage(path, spec, Status.PARSED, "server " + v.path("serverVersion").path("gitVersion")
              .asText("unknown"), 1, 0);
        } catch (Exception e) {
          problems.add(ParseWarning.of(path, 0, Kind.MALFORMED, "not valid JSON"));
          return new Coverage(path, spec, Status.FAILED, "not valid JSON", 0, 1);
        }
      }
      case CONTAINER_LOG, CONTAINER_LOG_PREVIOUS -> {
        String[] seg = path.split("/");
        String container = seg[3].replaceFirst("(\\.previous)?\\.log$", "");
        List<String> lines = lines(content);
        model.log(new ContainerLog(seg[1], seg[2], container, spec == EvidenceSpec.CONTAINER_LOG_PREVIOUS, path,
            lines));
        return new Coverage(path, spec, lines.isEmpty() ? Status.EMPTY : Status.PARSED,
            lines.isEmpty() ? "the container logged nothing" : lines.size() + " line(s)", lines.size(), 0);
      }
      case NODE_MANIFEST, NODE_COLLECTOR_LOG, NODE_IPROUTE, NODE_NETFILTER, NODE_IPVS, NODE_CONNTRACK, NODE_KERNEL,
          NODE_FILES, NODE_KUBELET, NODE_RUNTIME, NODE_NETNS, NODE_FILE -> {
        // only a path the node builder does not take ("nodes/" with no node segment) gets here
        return new Coverage(path, spec, Status.UNUSED, "not below nodes/<node>/; not read", 0, 0);
      }
      default -> {
        return parseObjects(path, spec, content, model, jsonRoots, problems);
      }
    }
  }

  private static Coverage parseObjects(String path, EvidenceSpec spec, byte[] content, ClusterModelBuilder model,
      Map<String, JsonNode> jsonRoots, List<ParseWarning> problems) {
    KubeObjectReader.Result r = KubeObjectReader.read(path, content);
    List<ParseWarning> warnings = new ArrayList<>(r.warnings());
    if (content.length == 0 || new String(content, StandardCharsets.UTF_8).isBlank()) {
      problems.addAll(warnings);
      return new Coverage(path, spec, Status.EMPTY, "the file is empty", 0, 0);
    }
    int used = 0;
    for (KubeObject o : r.objects()) {
      if (model.add(o, KindOfSpec.fallbackKind(spec), warnings)) used++;
    }
    if (!r.fatal()) KindOfSpec.kind(spec).ifPresent(model::present);
    if (r.singleRoot() != null) jsonRoots.put(path, r.singleRoot());
    problems.addAll(warnings);
    if (r.fatal() || (used == 0 && !warnings.isEmpty())) {
      return new Coverage(path, spec, Status.FAILED, warnings.isEmpty() ? "unreadable"
          : warnings.get(0).message(), used, warnings.size());
    }
    if (!warnings.isEmpty()) {
      return new Coverage(path, spec, Status.PARTIAL, warnings.size() + " warning(s); first: "
          + warnings.get(0).describe(), used, warnings.size());
    }
    return new Coverage(path, spec, Status.PARSED, used + " object(s)", used, 0);
  }

  /** Adds what the collector said about a file: truncation, a failed command, its stderr. */
  private static Coverage withCollectorNotes(Coverage c, Map<String, Manifest.FileEntry> entries, Bundle bundle) {
    Optional<Manifest.FileEntry> e = Optional.ofNullable(entries.get(c.path()));
    if (e.isEmpty()) return c;
    StringBuilder note = new StringBuilder(c.reason());
    Status status = c.status();
    if (e.get().truncated()) {
      note.append(note.length() > 0 ? "; " : "").append("cut by the collector's size cap");
      if (status == Status.PARSED) status = Status.PARTIAL;
    }
    Integer exit = e.get().exitCode();
    if (exit != null && exit != 0) {
      String err = e.get().stderr().isEmpty() ? "" : bundle.text(e.get().stderr()).map(s -> s.strip().lines()
          .findFirst().orElse("")).orElse("");
      note.append(note.length() > 0 ? "; " : "").append("command exited ").append(exit)
          .append(err.isEmpty() ? "" : ": " + err);
      if (status == Status.PARSED) status = Status.PARTIAL;
    }
    return new Coverage(c.path(), c.spec(), status, note.toString(), c.items(), c.warnings());
  }

  /** Expected evidence that is absent: SKIPPED when the collector said why, MISSING when nobody did. */
  private static void addAbsent(Bundle bundle, Manifest manifest, List<Coverage> coverage) {
    TreeSet<String> seen = new TreeSet<>(bundle.paths());
    for (EvidenceSpec spec : EvidenceSpec.expectedSpecs()) {
      if (!spec.isFixed() || seen.contains(spec.pattern())) continue;
      Optional<Manifest.Skipped> s = manifest == null ? Optional.empty() : manifest.skipped(spec.pattern());
      coverage.add(s.map(k -> new Coverage(spec.pattern(), spec, Status.SKIPPED, k.reason()
              + (k.detail().isEmpty() ? "" : ": " + k.detail()), 0, 0))
          .orElse(new Coverage(spec.pattern(), spec, Status.MISSING, "not in the bundle", 0, 0)));
      seen.add(spec.pattern());
    }
    if (manifest == null) return;
    for (Manifest.Skipped s : manifest.skipped()) {
      String path = s.path().isEmpty() ? s.command() : s.path();
      if (path.isEmpty() || seen.contains(path)) continue;
      seen.add(path);
      coverage.add(new Coverage(path, EvidenceSpec.of(path).orElse(null), Status.SKIPPED, s.reason()
          + (s.detail().isEmpty() ? "" : ": " + s.detail()), 0, 0));
    }
  }

  static List<String> lines(byte[] content) {
    String s = new String(content, StandardCharsets.UTF_8);
    if (s.isEmpty()) return List.of();
    if (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
    return List.of(s.split("\n", -1));
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }
}
