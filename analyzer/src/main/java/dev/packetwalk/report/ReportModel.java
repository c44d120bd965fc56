package dev.packetwalk.report;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.Manifest;
import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Ingress;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.parse.ParseWarning;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every renderer shows, computed once from an {@link AnalysisResult}: display strings, counts, stable ids and
 * sorted lists. The renderers only lay it out, so the HTML, JSON, Markdown and terminal views cannot disagree.
 *
 * <p>Everything here is plain data taken from the bundle and therefore untrusted; the HTML templates auto-escape
 * it, the Markdown renderer escapes it, and nothing here is ever marked as safe markup.
 */
public record ReportModel(Header header, Summary summary, List<FindingView> findings, List<LayerGroup> layers,
    List<CoverageRow> coverage, CoverageCounts coverageCounts, List<ProblemRow> problems, List<CheckRow> checks,
    Inventory inventory, Pending pending, List<NodeView> nodes, List<CaptureReport.CaptureView> captures,
    PathReport.PathsView paths) {

  /** Shown where a value is absent, as kubectl shows it. */
  public static final String NONE = "<none>";

  /** The report's heading: which cluster, when, from which inputs, by which tools. */
  public record Header(String cluster, String context, String server, String serverVersion, String collectedStart,
      String collectedEnd, String collectorName, String collectorVersion, String analyzerVersion,
      List<SourceRow> sources, List<Option> options, boolean hasManifest, boolean bareCaptures) {

    /** "prod-eu (https://…)" or the context, or the bundle name when the manifest is absent. */
    public String title() {
      return cluster;
    }

    /** "2024-05-01 10:00:00 – 10:04:12 UTC", or "unknown". */
    public String collectedRange() {
      if (collectedStart.isEmpty() && collectedEnd.isEmpty()) return "unknown";
      if (collectedEnd.isEmpty()) return collectedStart;
      if (collectedStart.isEmpty()) return "until " + collectedEnd;
      String start = collectedStart.endsWith(" UTC") ? collectedStart.substring(0, collectedStart.length() - 4)
          : collectedStart;
      String end = collectedEnd;
      if (start.length() >= 10 && end.length() >= 10 && start.substring(0, 10).equals(end.substring(0, 10))
          && end.endsWith(" UTC")) {
        end = end.substring(11);
      }
      return start + " – " + end;
    }
  }

  /** One input (archive or directory) with its sha256. */
  public record SourceRow(String name, String format, String sha256, long size) {
    public String sizeLabel() {
      return size <= 0 ? "" : humanSize(size);
    }
  }

  /** One collector option from the manifest. */
  public record Option(String name, String value) {}

  /** Counts per severity and per check status. */
  public record Summary(long critical, long error, long warning, long info, long total, int checksPassed,
      int checksFound, int checksInsufficient, int checksError, int checksTotal) {

    public long count(String severityId) {
      return switch (severityId) {
        case "critical" -> critical;
        case "error" -> error;
        case "warning" -> warning;
        default -> info;
      };
    }
  }

  /** A finding ready to show; {@code anchor} is a safe HTML id ("finding-3"), {@code id} its stable JSON id. */
  public record FindingView(String id, String anchor, String checkId, String severity, String severityLabel,
      String layer, String layerTitle, String subjectKind, String subjectNamespace, String subjectName,
      String subjectNode, String subjectLabel, String title, String explanation, List<EvidenceView> evidence,
      String remediation) {

    /** The first evidence location, for one-line summaries. */
    public String firstLocation() {
      return evidence.isEmpty() ? "" : evidence.get(0).location();
    }
  }

  /** A piece of evidence: where, what stands there, and what it shows. */
  public record EvidenceView(String file, int line, String pointer, String excerpt, String note, String location) {}

  /** The findings of one layer; layers without findings are kept, so the report shows they were looked at. */
  public record LayerGroup(String id, String title, String scope, List<FindingView> findings) {
    public String worst() {
      return findings.isEmpty() ? "" : findings.get(0).severity();
    }
  }

  /** One evidence path and what became of it. */
  public record CoverageRow(String path, String spec, String description, String status, String reason, int items,
      int warnings) {
    /** Whether this row is something a reader should notice (not read in full, or warnings). */
    public boolean problem() {
      return !status.equals("parsed") && !status.equals("unused") && !optionalAbsent() || warnings > 0;
    }

    /**
     * An optional API the cluster simply does not serve (most clusters run one CNI and no Gateway API): listed apart,
     * so that it does not bury what really went unread.
     */
    public boolean optionalAbsent() {
      return status.equals("skipped") && reason.startsWith("NOT_SERVED");
    }
  }

  /** How many paths ended in each coverage status; {@code notRead} sums failed, missing and skipped. */
  public record CoverageCounts(int parsed, int partial, int failed, int empty, int missing, int skipped, int unused,
      int total) {
    public int notRead() {
      return failed + missing + skipped;
    }
  }

  /** A diagnostic raised while reading the bundle. */
  public record ProblemRow(String file, int line, String location, String kind, String message, String raw) {}

  /** One check of the catalog and how it fared. */
  public record CheckRow(String id, String title, String summary, String severity, String layer, String layerTitle,
      String status, String statusLabel, int findings, List<String> reasons) {}

  /** The cluster's objects as {@code kubectl get -o wide} lists them; {@code has*} says whether collected. */
  public record Inventory(List<NodeRow> nodes, List<PodRow> pods, List<ServiceRow> services,
      List<IngressRow> ingresses, int networkPolicies, boolean hasNodes, boolean hasPods, boolean hasServices,
      boolean hasIngresses, boolean hasNetworkPolicies) {}

  /** NAME STATUS ROLES VERSION INTERNAL-IP POD-CIDR OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. */
  public record NodeRow(String name, String status, boolean ready, String roles, String version, String internalIP,
      String podCIDR, String osImage, String kernel, String runtime) {}

  /** NAMESPACE NAME READY STATUS RESTARTS IP NODE. */
  public record PodRow(String namespace, String name, String ready, String status, boolean healthy, int restarts,
      String ip, String node) {}

  /** NAMESPACE NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) SELECTOR. */
  public record ServiceRow(String namespace, String name, String type, String clusterIP, String externalIP,
      String ports, String selector) {}

  /** NAMESPACE NAME CLASS HOSTS ADDRESS PORTS. */
  public record IngressRow(String namespace, String name, String ingressClass, String hosts, String address,
      String ports) {}

  /**
   * Evidence that later versions analyse (node dataplane, traced paths, packet captures): how much of it this bundle
   * holds, so that the placeholder sections can say plainly whether it is absent or only not analysed yet.
   */
  public record Pending(int nodeFiles, List<String> nodeNames, int captureFiles) {}

  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** Builds the view of {@code r}; deterministic for a given result. Break points are shown without excerpts. */
  public static ReportModel of(AnalysisResult r) {
    return of(r, PathExcerpts.NONE);
  }

  /** Builds the view of {@code r}, quoting each path's break point through {@code excerpts}. */
  public static ReportModel of(AnalysisResult r, PathExcerpts excerpts) {
    List<FindingView> findings = findings(r.findings());
    List<LayerGroup> layers = Arrays.stream(Layer.values())
        .map(l -> new LayerGroup(l.id(), l.title(), l.scope(),
            findings.stream().filter(f -> f.layer().equals(l.id())).toList()))
        .toList();
    List<CoverageRow> coverage = r.coverage().stream().sorted()
        .map(c -> new CoverageRow(c.path(), c.spec() == null ? "" : c.spec().pattern(),
            c.spec() == null ? "" : c.spec().description(), c.status().id(), c.reason(), c.items(), c.warnings()))
        .toList();
    List<ProblemRow> problems = r.problems().stream()
        .sorted(Comparator.comparing(ParseWarning::file).thenComparingInt(ParseWarning::line)
            .thenComparing(p -> p.kind().name()).thenComparing(ParseWarning::message))
        .map(p -> new ProblemRow(p.file(), p.line(), p.line() > 0 ? p.file() + ":" + p.line() : p.file(),
            p.kind().name().toLowerCase(Locale.ROOT), p.message(), p.raw()))
        .toList();
    List<CheckRow> checks = r.checks().stream().map(ReportModel::checkRow).toList();
    return new ReportModel(header(r), summary(r), findings, layers, coverage, coverageCounts(r.coverage()),
        problems, checks, inventory(r.cluster()), pending(r.coverage()), nodes(r, findings),
        CaptureReport.views(r.captures()), PathReport.view(r.paths(), r.capturePaths(), excerpts));
  }

  /** Per-node views; the expected Service ports are those kube-proxy programs a KUBE-SVC chain for. */
  private static List<NodeView> nodes(AnalysisResult r, List<FindingView> findings) {
    int expected = (int) r.cluster().services().stream().filter(s -> !s.headless() && !s.clusterIP().isEmpty()
        && !s.isExternalName()).mapToLong(s -> s.ports().size()).sum();
    return r.nodes().all().stream().map(n -> {
      List<FindingView> about = findings.stream().filter(f -> f.subjectNode().equals(n.name())).toList();
      return NodeView.of(n, expected, about.stream().map(FindingView::id).toList(),
          about.stream().map(FindingView::anchor).toList());
    }).toList();
  }

  private static Pending pending(List<Coverage> coverage) {
    List<String> nodeFiles = coverage.stream().map(Coverage::path).filter(p -> p.startsWith("nodes/")).toList();
    List<String> names = nodeFiles.stream().map(p -> p.split("/")[1]).distinct().sorted().toList();
    int captures = (int) coverage.stream().map(c -> c.path().toLowerCase(Locale.ROOT))
        .filter(p -> p.endsWith(".pcap") || p.endsWith(".pcapng")).count();
    return new Pending(nodeFiles.size(), names, captures);
  }

  private static Header header(AnalysisResult r) {
    Manifest m = r.manifest();
    String context = m == null ? "" : m.context();
    String server = m == null ? "" : m.server();
    String cluster = !context.isEmpty() ? context : !server.isEmpty() ? server
        : r.sources().isEmpty() ? "unknown cluster" : r.sources().get(0).name();
    List<SourceRow> sources = r.sources().stream()
        .map(s -> new SourceRow(s.name(), s.format(), s.sha256(), s.size())).toList();
    List<Option> options = m == null ? List.of() : m.options().entrySet().stream()
        .sorted(Map.Entry.comparingByKey()).map(e -> new Option(e.getKey(), e.getValue())).toList();
    return new Header(cluster, context, server, r.cluster().serverVersion(), m == null ? "" : utc(m.startTime()),
        m == null ? "" : utc(m.endTime()), m == null ? "" : m.collectorName(), m == null ? "" : m.collectorVersion(),
        r.analyzerVersion(), sources, options, m != null, dev.packetwalk.bundle.Bundle.Source.allBareCaptures(
        r.sources()));
  }

  /** An ISO-8601 time as "yyyy-MM-dd HH:mm:ss UTC"; anything else verbatim. */
  static String utc(String time) {
    if (time == null || time.isBlank()) return "";
    try {
      return UTC.format(OffsetDateTime.parse(time.strip()).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return UTC.format(Instant.parse(time.strip()));
      } catch (DateTimeParseException e2) {
        return time.strip();
      }
    }
  }

  private static Summary summary(AnalysisResult r) {
    Map<CheckResult.Status, Integer> by = new HashMap<>();
    for (CheckResult c : r.checks()) by.merge(c.status(), 1, Integer::sum);
    return new Summary(r.count(Severity.CRITICAL), r.count(Severity.ERROR), r.count(Severity.WARNING),
        r.count(Severity.INFO), r.findings().size(), by.getOrDefault(CheckResult.Status.PASSED, 0),
        by.getOrDefault(CheckResult.Status.FOUND, 0), by.getOrDefault(CheckResult.Status.INSUFFICIENT_INFO, 0),
        by.getOrDefault(CheckResult.Status.ERROR, 0), r.checks().size());
  }

  private static List<FindingView> findings(List<Finding> in) {
    List<Finding> sorted = in.stream().sorted(Finding.ORDER).toList();
    List<FindingView> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Map<String, Integer> uses = new HashMap<>(); // per base, so that k findings of one subject cost k, not k²
    for (Finding f : sorted) {
      Subject s = f.subject();
      String base = f.checkId() + ":" + (s.kind().isEmpty() ? "" : s.kind().toLowerCase(Locale.ROOT) + "/")
          + (s.namespace().isEmpty() ? "" : s.namespace() + "/") + s.name();
      int n = uses.merge(base, 1, Integer::sum);
      String id = n == 1 ? base : base + "#" + n;
      while (!ids.add(id)) id = base + "#" + uses.merge(base, 1, Integer::sum);
      List<EvidenceView> evidence = f.evidence().stream()
          .map(e -> new EvidenceView(e.file(), e.line(), e.pointer(), e.excerpt(), e.note(), e.location()))
          .toList();
      out.add(new FindingView(id, "finding-" + (out.size() + 1), f.checkId(), f.severity().id(),
          severityLabel(f.severity()), f.layer().id(), f.layer().title(), s.kind(), s.namespace(), s.name(),
          s.node(), s.label(), f.title(), f.explanation(), evidence, f.remediation()));
    }
    return List.copyOf(out);
  }

  static String severityLabel(Severity s) {
    return switch (s) {
      case CRITICAL -> "Critical";
      case ERROR -> "Error";
      case WARNING -> "Warning";
      case INFO -> "Info";
    };
  }

  private static CheckRow checkRow(CheckResult c) {
    String status = c.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
    String label = switch (c.status()) {
      case PASSED -> "Passed";
      case FOUND -> "Found";
      case INSUFFICIENT_INFO -> "Insufficient info";
      case ERROR -> "Error";
    };
    return new CheckRow(c.info().id(), c.info().title(), c.info().summary(), c.info().severity().id(),
        c.info().layer().id(), c.info().layer().title(), status, label, c.findings().size(), c.reasons());
  }

  private static CoverageCounts coverageCounts(List<Coverage> coverage) {
    int[] n = new int[Coverage.Status.values().length];
    for (Coverage c : coverage) n[c.status().ordinal()]++;
    return new CoverageCounts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], coverage.size());
  }

  private static Inventory inventory(Cluster c) {
    return new Inventory(c.nodes().stream().map(ReportModel::nodeRow).toList(),
        c.pods().stream().map(ReportModel::podRow).toList(),
        c.services().stream().map(ReportModel::serviceRow).toList(),
        c.ingresses().stream().map(ReportModel::ingressRow).toList(), c.networkPolicies().size(),
        c.has(Cluster.Kind.NODES), c.has(Cluster.Kind.PODS), c.has(Cluster.Kind.SERVICES),
        c.has(Cluster.Kind.INGRESSES), c.has(Cluster.Kind.NETWORK_POLICIES));
  }

  private static NodeRow nodeRow(Node n) {
    String status = n.condition("Ready").map(c -> c.isTrue() ? "Ready" : "NotReady").orElse("Unknown");
    if (n.unschedulable()) status += ",SchedulingDisabled";
    return new NodeRow(n.meta().name(), status, n.ready(), n.roles(), orNone(n.kubeletVersion()),
        n.internalIP().orElse(NONE), n.allPodCIDRs().isEmpty() ? NONE : String.join(",", n.allPodCIDRs()),
        orNone(n.osImage()), orNone(n.kernelVersion()), orNone(n.containerRuntime()));
  }

  private static PodRow podRow(Pod p) {
    String status = p.displayStatus() == null || p.displayStatus().isEmpty() ? p.phase() : p.displayStatus();
    boolean healthy = p.terminal() ? "Succeeded".equals(p.phase()) : p.running() && p.ready();
    return new PodRow(p.meta().namespace(), p.meta().name(), p.readyContainers() + "/" + p.appContainers(),
        orNone(status), healthy, p.restarts(), orNone(p.podIP()), orNone(p.nodeName()));
  }

  private static ServiceRow serviceRow(Service s) {
    String external;
    if (s.isExternalName()) {
      external = orNone(s.externalName());
    } else {
      List<String> ips = new ArrayList<>(s.loadBalancerIngress());
      ips.addAll(s.externalIPs());
      external = !ips.isEmpty() ? String.join(",", ips) : "LoadBalancer".equals(s.type()) ? "<pending>" : NONE;
    }
    String ports = s.ports().isEmpty() ? NONE : s.ports().stream().map(ReportModel::portLabel)
        .collect(Collectors.joining(","));
    String cluster = s.isExternalName() ? NONE : orNone(s.clusterIP());
    return new ServiceRow(s.meta().namespace(), s.meta().name(), s.type(), cluster, external, ports,
        s.hasSelector() ? s.selector().toString() : NONE);
  }

  /** As kubectl prints a Service port: "80/TCP", "80:30080/TCP". */
  private static String portLabel(ServicePort p) {
    return p.port() + (p.nodePort() > 0 ? ":" + p.nodePort() : "") + "/" + p.protocol();
  }

  private static IngressRow ingressRow(Ingress i) {
    Set<String> hosts = new LinkedHashSet<>();
    for (Ingress.Rule r : i.rules()) hosts.add(r.host().isEmpty() ? "*" : r.host());
    return new IngressRow(i.meta().namespace(), i.meta().name(), orNone(i.ingressClassName()),
        hosts.isEmpty() ? "*" : String.join(",", hosts),
        i.loadBalancerIngress().isEmpty() ? "" : String.join(",", i.loadBalancerIngress()),
        i.tlsHosts().isEmpty() ? "80" : "80, 443");
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? NONE : s;
  }

  static String humanSize(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    do {
      v /= 1024;
      u++;
    } while (v >= 1024 && u < units.length - 1);
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** The inputs, for one-line summaries: "bundle.tar.gz" or "a.tar.gz + 1 more". */
  public String bundleLabel() {
    List<SourceRow> s = header.sources();
    if (s.isEmpty()) return "no input";
    return s.get(0).name() + (s.size() > 1 ? " + " + (s.size() - 1) + " more" : "");
  }
}
