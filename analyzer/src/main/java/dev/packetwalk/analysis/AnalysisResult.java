package dev.packetwalk.analysis;

import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.Manifest;
import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.capture.path.CapturePath;
import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.EvidenceSource;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.trace.Trace;
import java.util.List;
import java.util.Optional;

/**
 * Everything one analysis produced, ready for the report renderers. Immutable and deterministically ordered.
 *
 * @param manifest null when the bundle had none (or an unreadable one)
 * @param problems bundle-level and parse problems, in file order
 * @param nodes the dataplane of every node the bundle has evidence from
 * @param captures the packet captures of the bundle, analysed ({@link CaptureStage}), in path order
 * @param paths the traced paths of the automatic flow matrix, in matrix order
 * @param evidence quotes bundle lines (trace steps' excerpts) as findings quote them
 * @param capturePaths the flows of the bundle's captured path ({@code manifest.json capturePath}), matched over its
 *     capture points, traced, and the capture verdict set on the trace ({@link CapturePathStage})
 */
public record AnalysisResult(String analyzerVersion, List<Bundle.Source> sources, Manifest manifest,
    List<Coverage> coverage, List<ParseWarning> problems, Cluster cluster, NodeDataplanes nodes, List<CheckResult> checks,
    List<Finding> findings, List<CaptureResult> captures, List<Trace> paths, EvidenceSource evidence,
    List<CapturePath> capturePaths) {

  public AnalysisResult {
    captures = List.copyOf(captures);
    paths = List.copyOf(paths);
    capturePaths = capturePaths == null ? List.of() : List.copyOf(capturePaths);
    evidence = evidence == null ? EvidenceSource.NONE : evidence;
    sources = List.copyOf(sources);
    coverage = List.copyOf(coverage);
    problems = List.copyOf(problems);
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
    nodes = nodes == null ? NodeDataplanes.NONE : nodes;
  }

  public Optional<Manifest> manifestIfAny() {
    return Optional.ofNullable(manifest);
  }

  public long count(Severity s) {
    return findings.stream().filter(f -> f.severity() == s).count();
  }

  /** Whether any finding is at or above {@code threshold}. */
  public boolean anyAtLeast(Severity threshold) {
    return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
  }

  /** Whether the bundle held any usable cluster evidence at all. */
  public boolean usable() {
    return coverage.stream().anyMatch(c -> c.status() == Coverage.Status.PARSED
        || c.status() == Coverage.Status.PARTIAL);
  }
}
