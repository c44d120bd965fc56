package dev.packetwalk.report;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.capture.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code packetwalk analyze} prints when it is done: the count per severity, the check outcomes, what was not
 * read, the five most severe findings and where the reports were written. Bundle text is stripped of control
 * characters, so a hostile name cannot move the cursor or recolour the terminal.
 */
public final class TerminalSummary {
  static final int TOP = 5;
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";

  private TerminalSummary() {}

  public static String render(AnalysisResult result, boolean color) {
    return render(result, color, List.of());
  }

  /** @param written the report files just written, shown last; may be empty */
  public static String render(AnalysisResult result, boolean color, List<Path> written) {
    ReportModel m = ReportModel.of(result);
    List<String> out = new ArrayList<>();
    out.add(style(color, BOLD, "packetwalk " + clean(m.header().analyzerVersion())) + "  "
        + clean(m.header().cluster()) + style(color, DIM, "  (" + clean(m.bundleLabel()) + ")"));
    ReportModel.Summary s = m.summary();
    for (String sev : List.of("critical", "error", "warning", "info")) {
      long n = s.count(sev);
      String label = String.format(Locale.ROOT, "  %-9s %3d", sev.toUpperCase(Locale.ROOT), n);
      out.add(n > 0 ? style(color, sevColor(sev), label) : style(color, DIM, label));
    }
    out.add("  checks: " + s.checksPassed() + " passed, " + s.checksFound() + " found, " + s.checksInsufficient()
        + " insufficient info" + (s.checksError() > 0 ? ", " + s.checksError() + " error" : ""));
    if (m.paths().present()) {
      PathReport.PathsView p = m.paths();
      String line = "  " + p.countLine();
      out.add(p.broken() > 0 ? style(color, sevColor("error"), line) : p.partial() + p.insufficient() > 0
          ? style(color, sevColor("warning"), line) : line);
    }
    if (!result.captures().isEmpty()) out.add("  " + captureLine(result.captures()));
    ReportModel.CoverageCounts cc = m.coverageCounts();
    if (cc.notRead() > 0 || cc.partial() > 0 || !m.problems().isEmpty()) {
      out.add("  evidence: " + cc.parsed() + " of " + cc.total() + " paths parsed"
          + (cc.partial() > 0 ? ", " + cc.partial() + " partial" : "")
          + (cc.failed() > 0 ? ", " + cc.failed() + " failed" : "")
          + (cc.missing() > 0 ? ", " + cc.missing() + " missing" : "")
          + (cc.skipped() > 0 ? ", " + cc.skipped() + " skipped" : "")
          + "; " + m.problems().size() + " diagnostic" + (m.problems().size() == 1 ? "" : "s"));
    }
    if (!m.findings().isEmpty()) {
      out.add("");
      out.add("Top findings:");
      for (ReportModel.FindingView f : m.findings().subList(0, Math.min(TOP, m.findings().size()))) {
        String sev = String.format(Locale.ROOT, "%-8s", f.severity().toUpperCase(Locale.ROOT));
        out.add("  " + style(color, sevColor(f.severity()), sev) + " " + clean(f.title())
            + (f.firstLocation().isEmpty() ? "" : style(color, DIM, "  " + clean(f.firstLocation()))));
      }
      int more = m.findings().size() - TOP;
      if (more > 0) out.add(style(color, DIM, "  … " + more + " more in the report"));
    }
    if (!written.isEmpty()) {
      out.add("");
      for (Path p : written) out.add("Report written: " + p);
    }
    return String.join("\n", out) + "\n";
  }

  private static String sevColor(String sev) {
    return switch (sev) {
      case "critical" -> "\u001b[1;35m";
      case "error" -> "\u001b[1;31m";
      case "warning" -> "\u001b[33m";
      default -> "\u001b[36m";
    };
  }

  private static String style(boolean color, String code, String text) {
    return color ? code + text + RESET : text;
  }

  /** Bundle text for a terminal: no escape sequences or other control characters, one line, bounded. */
  /** {@code captures: 2 files, 1,204 packets, 3 problems (SYN unanswered ×2, DNS no response)}. */
  static String captureLine(List<CaptureResult> captures) {
    long packets = captures.stream().mapToLong(c -> c.summary().packets()).sum();
    Map<String, Long> kinds = new TreeMap<>();
    for (CaptureResult c : captures) {
      for (Problem p : c.summary().problems()) kinds.merge(p.kind().key(), 1L, Long::sum);
    }
    long problems = kinds.values().stream().mapToLong(Long::longValue).sum();
    String top = kinds.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
        .map(e -> e.getKey() + (e.getValue() > 1 ? " ×" + e.getValue() : "")).collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "captures: %d file%s, %,d packets, %d problem%s%s", captures.size(),
        captures.size() == 1 ? "" : "s", packets, problems, problems == 1 ? "" : "s",
        top.isEmpty() ? "" : " (" + clean(top) + ")");
  }

  static String clean(String s) {
    String t = s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[\\p{Cntrl}\\u0080-\\u009f]", "?");
    return t.length() > 200 ? t.substring(0, 199) + "…" : t;
  }
}
