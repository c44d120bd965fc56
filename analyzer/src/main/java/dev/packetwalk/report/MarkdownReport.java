package dev.packetwalk.report;

import dev.packetwalk.analysis.AnalysisResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A short Markdown summary for a ticket comment: at most {@link #MAX_LINES} lines however large the bundle, with
 * the most severe findings first and a pointer to the HTML report for the rest.
 *
 * <p>Written in Java rather than a template so that the line budget is enforced in one place. Every value from the
 * bundle is Markdown-escaped (and so cannot open a link, an image or raw HTML in a ticket system).
 */
public final class MarkdownReport {
  public static final int MAX_LINES = 60;
  static final int MAX_FINDINGS = 15;
  static final int MAX_COVERAGE = 8;
  static final int MAX_PATHS = 8;
  private static final int MAX_TEXT = 160;

  private MarkdownReport() {}

  public static String render(AnalysisResult result) {
    return render(ReportModel.of(result), result.captures().isEmpty() ? ""
        : TerminalSummary.captureLine(result.captures()).replaceFirst("^captures: ", ""));
  }

  static String render(ReportModel m) {
    return render(m, "");
  }

  /** @param captures the captures' one-line summary, or "" */
  static String render(ReportModel m, String captures) {
    List<String> out = new ArrayList<>();
    ReportModel.Header h = m.header();
    out.add("### packetwalk: " + text(h.cluster()) + " — " + text(m.bundleLabel()));
    List<String> facts = new ArrayList<>();
    facts.add("collected " + text(h.collectedRange()));
    if (!h.serverVersion().isEmpty()) facts.add("Kubernetes " + text(h.serverVersion()));
    if (!h.collectorName().isEmpty()) facts.add(text(h.collectorName() + " " + h.collectorVersion()).trim());
    facts.add("packetwalk " + text(h.analyzerVersion()));
    h.sources().stream().filter(s -> !s.sha256().isEmpty()).findFirst()
        .ifPresent(s -> facts.add("sha256 " + code(s.sha256().substring(0, Math.min(12, s.sha256().length())))));
    out.add(String.join(" · ", facts));
    out.add("");

    ReportModel.Summary s = m.summary();
    out.add("**" + s.critical() + " critical · " + s.error() + " error · " + s.warning() + " warning · " + s.info()
        + " info** — checks: " + s.checksPassed() + " passed, " + s.checksFound() + " found, "
        + s.checksInsufficient() + " insufficient info" + (s.checksError() > 0 ? ", " + s.checksError() + " error"
        : ""));
    out.add("");

    if (m.findings().isEmpty()) {
      out.add(s.checksTotal() == 0 ? "No checks ran." : "No findings.");
    } else {
      out.add("| Severity | Finding | Evidence |");
      out.add("|---|---|---|");
      int shown = Math.min(MAX_FINDINGS, m.findings().size());
      for (ReportModel.FindingView f : m.findings().subList(0, shown)) {
        boolean named = f.subjectName().isEmpty() || f.title().contains(f.subjectName());
        String subject = named ? "" : " — " + cell(f.subjectLabel());
        out.add("| " + f.severity().toUpperCase(Locale.ROOT) + " | " + cell(f.title()) + subject + " | "
            + (f.firstLocation().isEmpty() ? "" : code(f.firstLocation())) + " |");
      }
      int more = m.findings().size() - shown;
      if (more > 0) {
        out.add("");
        out.add("_" + more + " more finding" + (more == 1 ? "" : "s") + " in the HTML report._");
      }
    }
    out.add("");

    paths(m.paths(), out);
    if (!captures.isEmpty()) {
      out.add("**Captures:** " + text(captures) + ".");
      out.add("");
    }

    ReportModel.CoverageCounts cc = m.coverageCounts();
    // what hurts the analysis most first: files that broke, then files cut short, then files never collected
    List<String> order = List.of("failed", "partial", "skipped", "empty", "missing");
    List<ReportModel.CoverageRow> notRead = m.coverage().stream().filter(c -> order.contains(c.status()))
        .sorted(java.util.Comparator.comparingInt((ReportModel.CoverageRow c) -> order.indexOf(c.status()))
            .thenComparing(ReportModel.CoverageRow::path))
        .toList();
    StringBuilder cov = new StringBuilder("**Evidence:** ").append(cc.total()).append(" paths, ")
        .append(cc.parsed()).append(" parsed");
    if (cc.partial() > 0) cov.append(", ").append(cc.partial()).append(" partial");
    if (cc.failed() > 0) cov.append(", ").append(cc.failed()).append(" failed");
    if (cc.empty() > 0) cov.append(", ").append(cc.empty()).append(" empty");
    if (cc.missing() > 0) cov.append(", ").append(cc.missing()).append(" missing");
    if (cc.skipped() > 0) cov.append(", ").append(cc.skipped()).append(" skipped");
    cov.append("; ").append(m.problems().size()).append(" diagnostic").append(m.problems().size() == 1 ? "" : "s")
        .append('.');
    out.add(cov.toString());
    int shownCov = Math.min(MAX_COVERAGE, notRead.size());
    for (ReportModel.CoverageRow c : notRead.subList(0, shownCov)) {
      out.add("- " + code(c.path()) + " " + c.status() + (c.reason().isEmpty() ? "" : ": " + text(c.reason())));
    }
    if (notRead.size() > shownCov) {
      out.add("- … " + (notRead.size() - shownCov) + " more in the HTML report");
    }

    if (out.size() > MAX_LINES) { // cannot happen with the caps above; a guard for future edits
      out = new ArrayList<>(out.subList(0, MAX_LINES - 1));
      out.add("_Cut to " + MAX_LINES + " lines; see the HTML report._");
    }
    return String.join("\n", out) + "\n";
  }

  /** The count line, then the paths that did not simply work (broken first), a few at most. */
  private static void paths(PathReport.PathsView p, List<String> out) {
    if (!p.present()) return;
    capturedPaths(p, out);
    if (p.total() == 0) return;
    out.add("**Paths:** " + p.countLine() + ".");
    List<PathReport.PathView> problems = new ArrayList<>(p.detailed());
    problems.addAll(p.listed());
    int shown = Math.min(MAX_PATHS, problems.size());
    for (PathReport.PathView v : problems.subList(0, shown)) {
      String where = v.breakAt() == null ? "" : ": " + text(v.breakAt().node() + (v.breakAt().component().isEmpty()
          ? "" : " · " + v.breakAt().component()) + " · " + v.breakAt().disposition())
          + (v.breakAt().location().isEmpty() ? "" : " " + code(v.breakAt().location()));
      out.add("- **" + v.verdictLabel() + "** " + code(v.from() + " → " + v.to()) + " " + v.proto() + where);
    }
    if (problems.size() > shown) {
      out.add("- … " + (problems.size() - shown) + " more broken or partial paths in the HTML report");
    }
    out.add("");
  }

  /** One line per captured flow that failed or disagrees with the tracer: where the packets vanished, and why. */
  private static void capturedPaths(PathReport.PathsView p, List<String> out) {
    List<CapturePathReport.CaptureView> shown = p.captured().stream().map(PathReport.PathView::capture)
        .filter(c -> c.failed() || c.agreement().equals("DISAGREES")).toList();
    if (p.captured().isEmpty()) return;
    out.add("**Captured path:** " + p.captured().size() + " flow(s), " + shown.size() + " failing or disagreeing with "
        + "the tracer.");
    for (CapturePathReport.CaptureView c : shown) {
      out.add("- " + code(c.flow()) + " " + text(c.line()) + (c.answer().isEmpty() ? "" : "; answer: "
          + text(c.answer())));
    }
    out.add("");
  }

  /**
   * Bundle text as inert Markdown: one line, shortened, with every character that could start inline markup escaped.
   * Never placed at the start of a line, so block markers ({@code #}, {@code -}, {@code 1.}) need no escape.
   */
  static String text(String s) {
    String one = oneLine(s);
    StringBuilder b = new StringBuilder(one.length() + 8);
    for (char c : one.toCharArray()) {
      if ("\\`*_[]<>|~&".indexOf(c) >= 0) b.append('\\');
      b.append(c);
    }
    return b.toString();
  }

  /** Like {@link #text}, safe inside a table cell. */
  static String cell(String s) {
    return text(s);
  }

  /** An inline code span; backticks inside are replaced, since they would end it. */
  static String code(String s) {
    return "`" + oneLine(s).replace('`', '\'') + "`";
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "").strip();
    return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT - 1) + "…" : t;
  }
}
