package dev.packetwalk.check;

import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.ContainerLog;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.model.node.NodeEvidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one check run sees: the model, a way to quote evidence, and a place to say that evidence was missing. A
 * check that cannot decide says so through {@link #require}, so the report shows INSUFFICIENT_INFO instead of a
 * silent pass.
 */
public final class CheckContext {
  private final CheckInfo info;
  private final Cluster cluster;
  private final NodeDataplanes nodes;
  private final EvidenceSource evidence;
  private final List<CaptureResult> captures;
  private final List<String> missing = new ArrayList<>();

  public CheckContext(CheckInfo info, Cluster cluster, EvidenceSource evidence) {
    this(info, CheckInputs.of(cluster), evidence);
  }

  public CheckContext(CheckInfo info, CheckInputs inputs, EvidenceSource evidence) {
    Cluster cluster = inputs.cluster();
    NodeDataplanes nodes = inputs.nodes();
    List<CaptureResult> captures = inputs.captures();
    this.info = info;
    this.cluster = cluster;
    this.nodes = nodes == null ? NodeDataplanes.NONE : nodes;
    this.evidence = evidence;
    this.captures = List.copyOf(captures);
  }

  /** The bundle's packet captures, analysed and read against the cluster; empty when it holds none. */
  public List<CaptureResult> captures() {
    return captures;
  }

  public Cluster cluster() {
    return cluster;
  }

  /** The dataplane of every node the bundle has evidence from; see {@link #nodesWith} before concluding anything. */
  public NodeDataplanes nodes() {
    return nodes;
  }

  /**
   * The nodes whose evidence includes every kind named. Each node that has evidence but lacks one of the kinds is
   * recorded as a reason, and when no node qualifies at all the check is INSUFFICIENT_INFO: an empty rule list from a
   * file never collected is not an empty rule list on the node.
   */
  public List<NodeDataplane> nodesWith(NodeEvidence... kinds) {
    List<NodeDataplane> ok = new ArrayList<>();
    for (NodeDataplane n : nodes.all()) {
      List<NodeEvidence> absent = Arrays.stream(kinds).filter(k -> !n.has(k)).toList();
      if (absent.isEmpty()) {
        ok.add(n);
      } else {
        missing.add("node " + n.name() + ": not collected: " + absent.stream().map(NodeEvidence::label)
            .collect(Collectors.joining(", ")));
      }
    }
    if (nodes.isEmpty()) {
      missing.add("no node evidence (nodes/<node>/…): run packetwalk-node on the nodes and merge with --node-bundle");
    }
    return ok;
  }

  public Evidence evidence(SourceRef ref, String note) {
    return evidence.at(ref, note);
  }

  public Evidence evidence(SourceRef ref) {
    return evidence.at(ref, "");
  }

  /** A line of a collected container log, numbered from 1. */
  public Evidence logLine(ContainerLog log, int lineNumber, String note) {
    String text = lineNumber >= 1 && lineNumber <= log.lines().size() ? log.lines().get(lineNumber - 1) : "";
    return new Evidence(log.file(), lineNumber, "", text.strip(), note);
  }

  /**
   * Whether every kind of evidence named was collected. When one was not, the check is recorded as
   * INSUFFICIENT_INFO for that reason and should return no finding that depends on it.
   */
  public boolean require(Cluster.Kind... kinds) {
    List<Cluster.Kind> absent = Arrays.stream(kinds).filter(k -> !cluster.has(k)).toList();
    if (absent.isEmpty()) return true;
    missing.add("not collected: " + absent.stream().map(k -> k.name().toLowerCase().replace('_', ' '))
        .collect(Collectors.joining(", ")));
    return false;
  }

  /** Records a reason this check could not decide, other than a missing file. */
  public void insufficient(String reason) {
    missing.add(reason);
  }

  public List<String> missing() {
    return List.copyOf(missing);
  }

  /** A finding of this check, with the check's id, severity and layer filled in. */
  public FindingBuilder finding(Subject subject, String title) {
    return new FindingBuilder(info, subject, title);
  }

  /** Fills a {@link Finding} step by step; checks read better that way than with an eight-argument constructor. */
  public static final class FindingBuilder {
    private final CheckInfo info;
    private final Subject subject;
    private final String title;
    private Severity severity;
    private Layer layer;
    private String explanation = "";
    private String remediation = "";
    private final List<Evidence> evidence = new ArrayList<>();

    FindingBuilder(CheckInfo info, Subject subject, String title) {
      this.info = info;
      this.subject = subject;
      this.title = title;
      this.severity = info.severity();
      this.layer = info.layer();
    }

    public FindingBuilder severity(Severity s) {
      severity = s;
      return this;
    }

    public FindingBuilder layer(Layer l) {
      layer = l;
      return this;
    }

    public FindingBuilder explain(String text) {
      explanation = text;
      return this;
    }

    public FindingBuilder remedy(String text) {
      remediation = text;
      return this;
    }

    public FindingBuilder evidence(Evidence e) {
      evidence.add(e);
      return this;
    }

    public FindingBuilder evidence(List<Evidence> es) {
      evidence.addAll(es);
      return this;
    }

    public Finding build() {
      return new Finding(info.id(), severity, layer, subject, title, explanation, evidence, remediation);
    }
  }
}
