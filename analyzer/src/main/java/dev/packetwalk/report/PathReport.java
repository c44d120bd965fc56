package dev.packetwalk.report;

import dev.packetwalk.capture.path.CapturePath;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.BreakAt;
import dev.packetwalk.trace.Narrowing;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The "paths" part of the report: the traced flows as the templates, the Markdown and the terminal show them. A
 * matrix of sources × destinations, then every path that did not simply work (broken first) with its branches, a
 * diagram of the failing branch and the narrowing, then the delivered ones as a list. Deterministic: paths keep the
 * tracer's order within each verdict, and ids repeat only with a {@code #n} suffix.
 */
public final class PathReport {
  /** Paths drawn in full; beyond this a table lists the rest, so that a sick cluster's page stays usable. */
  static final int MAX_DETAILED = 40;
  /** Matrix columns (and rows) shown; beyond this only those with a failing path are kept. */
  static final int MAX_AXIS = 40;
  /** Rows of the problem table and of the delivered list; beyond them the page counts, and the JSON has them all. */
  static final int MAX_LISTED = 500;

  private PathReport() {}

  /**
   * All the paths of one analysis, ready to lay out. {@code present} is false when nothing was traced and no path
   * was captured; {@code captured} are the flows of the bundle's captured path, with their capture verdicts.
   */
  public record PathsView(boolean present, int total, int delivered, int partial, int broken, int insufficient,
      List<PathView> all, List<PathView> detailed, List<PathView> listed, List<PathView> deliveredPaths,
      Matrix matrix, int listedHidden, int deliveredHidden, List<PathView> captured) {

    /** {@code 12 paths: 9 delivered, 1 partial, 2 broken}, with the undecided ones when there are any. */
    public String countLine() {
      return total + " path" + (total == 1 ? "" : "s") + ": " + delivered + " delivered, " + partial + " partial, "
          + broken + " broken" + (insufficient > 0 ? ", " + insufficient + " insufficient info" : "");
    }
  }

  /**
   * One path. {@code verdict} is a CSS-safe id, {@code anchor} the page id ({@code path-3}); {@code capture} is what
   * the packet captures of a captured path say about it (null for a path of the matrix).
   */
  public record PathView(String id, String anchor, String from, String to, String proto, String tuple, String start,
      String verdict, String verdictLabel, String icon, List<BranchView> branches, BreakView breakAt,
      PathDiagram.Diagram diagram, String diagramCaption, NarrowingView narrowing,
      CapturePathReport.CaptureView capture) {}

  /** One branch in the branch table. */
  public record BranchView(int number, String probability, String choices, String disposition, boolean ok,
      String breakText, String location) {}

  /** Where a path (or a variant) broke, with the text that stands on the evidence line. */
  public record BreakView(String node, String component, String disposition, String text, String location,
      String excerpt) {}

  public record NarrowingView(List<VariantView> variants, String firstFailing, String conclusion) {}

  public record VariantView(String name, String verdict, String verdictLabel, String icon, BreakView breakAt,
      String note) {}

  /** Sources down, destinations across; {@code hiddenRows}/{@code hiddenColumns} count what had to be left out. */
  public record Matrix(List<String> columns, List<MatrixRow> rows, int hiddenRows, int hiddenColumns) {}

  public record MatrixRow(String source, List<Cell> cells) {}

  /** The paths from one source to one destination (one per protocol); empty when none was traced. */
  public record Cell(List<Mark> marks) {}

  public record Mark(String anchor, String verdict, String label, String icon, String title) {}

  static PathsView view(List<Trace> traces, PathExcerpts excerpts) {
    return view(traces, List.of(), excerpts);
  }

  static PathsView view(List<Trace> traces, List<CapturePath> capturePaths, PathExcerpts excerpts) {
    List<PathView> all = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (Trace t : traces) {
      String base = PathFormat.baseId(t.flow());
      String id = base;
      for (int n = 2; !ids.add(id); n++) id = base + "#" + n;
      all.add(path(t, id, "path-" + (all.size() + 1), excerpts));
    }
    List<PathView> problems = all.stream().filter(p -> !p.verdict().equals("delivered"))
        .sorted(Comparator.comparingInt(p -> severity(p.verdict()))).toList();
    int shown = Math.min(MAX_DETAILED, problems.size());
    List<PathView> delivered = all.stream().filter(p -> p.verdict().equals("delivered")).toList();
    List<PathView> rest = problems.subList(shown, problems.size());
    List<PathView> captured = new ArrayList<>();
    for (CapturePath cp : capturePaths) {
      captured.add(CapturePathReport.view(cp, "capture-" + (captured.size() + 1), excerpts));
    }
    return new PathsView(!all.isEmpty() || !captured.isEmpty(), all.size(), delivered.size(), count(all, "partial"),
        count(all, "broken"), count(all, "insufficient-info"), all, problems.subList(0, shown), cap(rest),
        cap(delivered), matrix(all), rest.size() - cap(rest).size(), delivered.size() - cap(delivered).size(),
        captured);
  }

  private static List<PathView> cap(List<PathView> l) {
    return l.size() <= MAX_LISTED ? l : l.subList(0, MAX_LISTED);
  }

  /** The ids the JSON report gives the paths, in trace order; the same the page uses. */
  static List<String> ids(PathsView v) {
    return v.all().stream().map(PathView::id).toList();
  }

  private static int count(List<PathView> all, String verdict) {
    return (int) all.stream().filter(p -> p.verdict().equals(verdict)).count();
  }

  private static int severity(String verdict) {
    return switch (verdict) {
      case "broken" -> 0;
      case "partial" -> 1;
      default -> 2;
    };
  }

  static PathView path(Trace t, String id, String anchor, PathExcerpts excerpts) {
    List<BranchView> branches = new ArrayList<>();
    Branch failing = null;
    for (int i = 0; i < t.branches().size(); i++) {
      Branch b = t.branches().get(i);
      if (failing == null && b.breakAt() != null && b.breakAt().equals(t.breakAt())) failing = b;
      BreakAt x = b.breakAt();
      branches.add(new BranchView(i + 1, PathFormat.probabilityText(b.probability()), String.join(" → ",
          b.choices()), b.disposition().name(), b.disposition().success(),
          x == null ? "" : breakText(x), x == null || x.step() == null ? "" : PathFormat.location(x.step().evidence())));
    }
    if (failing == null) {
      failing = t.branches().stream().filter(b -> !b.disposition().success()).findFirst().orElse(null);
    }
    PathDiagram.Diagram diagram = null;
    String caption = "";
    if (failing != null && t.verdict() != Verdict.DELIVERED) {
      diagram = PathDiagram.of(failing, failing.breakAt() == null ? null : failing.breakAt().step(), excerpts);
      int n = t.branches().indexOf(failing) + 1;
      caption = "Branch " + n + " of " + t.branches().size()
          + (failing.choices().isEmpty() ? "" : " (" + String.join(" → ", failing.choices()) + ")")
          + ", p=" + PathFormat.probabilityText(failing.probability()) + ": " + failing.disposition().name();
    }
    return new PathView(id, anchor, t.flow().from(), t.flow().to(), t.flow().proto().lower(),
        t.flow().firstPacket().tuple(), start(t),
        PathFormat.verdictId(t.verdict()), PathFormat.verdictLabel(t.verdict()), icon(t.verdict()), branches,
        breakView(t.breakAt(), excerpts), diagram, caption, narrowing(t.narrowing(), excerpts), null);
  }

  private static String start(Trace t) {
    var s = t.flow().start();
    if (s == null) return "";
    String where = switch (s.kind()) {
      case POD -> "pod " + s.pod();
      case NODE -> "node " + s.node();
      case EXTERNAL -> "outside the cluster";
    };
    return where + (s.kind() != dev.packetwalk.trace.Flow.Start.Kind.NODE && !s.node().isEmpty()
        ? " on node " + s.node() : "") + (s.netns().isEmpty() ? "" : " (netns " + s.netns() + ")");
  }

  /** {@code node-b · network policy · DROPPED_BY_POLICY: filter/FORWARD rule 7: DROP}. */
  static String breakText(BreakAt b) {
    List<String> parts = new ArrayList<>();
    if (!b.node().isEmpty()) parts.add(b.node());
    if (b.component() != null) parts.add(PathFormat.words(b.component()));
    String step = b.step() == null ? "" : b.step().text();
    // a Drop step's text opens with its disposition already
    if (b.disposition() != null && !step.startsWith(b.disposition().name())) parts.add(b.disposition().name());
    return String.join(" · ", parts) + (step.isEmpty() ? "" : ": " + step);
  }

  static BreakView breakView(BreakAt b, PathExcerpts excerpts) {
    if (b == null) return null;
    String text = b.step() == null ? "" : b.step().text();
    // the view shows the disposition on its own; a Drop step's text opens with it again
    if (b.disposition() != null && text.startsWith(b.disposition().name() + ": ")) {
      text = text.substring(b.disposition().name().length() + 2);
    }
    return new BreakView(b.node(), PathFormat.words(b.component()), b.disposition() == null ? ""
        : b.disposition().name(), text,
        b.step() == null ? "" : PathFormat.location(b.step().evidence()),
        b.step() == null ? "" : PathJson.excerpt(b.step().evidence(), excerpts));
  }

  private static NarrowingView narrowing(Narrowing n, PathExcerpts excerpts) {
    if (n == null) return null;
    List<VariantView> variants = n.variants().stream().map(v -> new VariantView(v.name(),
        v.verdict() == null ? "not-traced" : PathFormat.verdictId(v.verdict()),
        v.verdict() == null ? "Not traced" : PathFormat.verdictLabel(v.verdict()),
        v.verdict() == null ? "skip" : icon(v.verdict()), breakView(v.breakAt(), excerpts),
        v.note() == null ? "" : v.note())).toList();
    return new NarrowingView(variants, PathFormat.words(n.firstFailing()), n.conclusion() == null ? ""
        : n.conclusion());
  }

  /** The icon of the report's set that stands for a verdict, so that it is never told by colour alone. */
  static String icon(Verdict v) {
    return switch (v) {
      case DELIVERED -> "ok";
      case PARTIAL -> "partial";
      case BROKEN -> "error";
      case INSUFFICIENT_INFO -> "question";
    };
  }

  private static Matrix matrix(List<PathView> all) {
    Map<String, Map<String, List<PathView>>> bySource = new LinkedHashMap<>();
    Set<String> columns = new LinkedHashSet<>();
    for (PathView p : all) {
      bySource.computeIfAbsent(p.from(), k -> new LinkedHashMap<>()).computeIfAbsent(p.to(), k -> new ArrayList<>())
          .add(p);
      columns.add(p.to());
    }
    Set<String> badColumns = all.stream().filter(p -> !p.verdict().equals("delivered")).map(PathView::to)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> badRows = all.stream().filter(p -> !p.verdict().equals("delivered")).map(PathView::from)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    List<String> cols = keep(List.copyOf(columns), badColumns);
    List<String> rowNames = keep(List.copyOf(bySource.keySet()), badRows);
    List<MatrixRow> rows = new ArrayList<>();
    for (String source : rowNames) {
      Map<String, List<PathView>> to = bySource.get(source);
      List<Cell> cells = new ArrayList<>();
      for (String c : cols) {
        List<PathView> here = to.getOrDefault(c, List.of());
        cells.add(new Cell(here.stream().map(p -> new Mark(p.anchor(), p.verdict(),
            here.size() > 1 ? p.proto() : "", p.icon(),
            p.verdictLabel() + ": " + p.from() + " → " + p.to() + " (" + p.tuple() + ")")).toList()));
      }
      rows.add(new MatrixRow(source, cells));
    }
    return new Matrix(cols, rows, bySource.size() - rowNames.size(), columns.size() - cols.size());
  }

  /** All of {@code names} when few; else those with a failing path first-come, up to the cap. */
  private static List<String> keep(List<String> names, Set<String> failing) {
    if (names.size() <= MAX_AXIS) return names;
    return names.stream().filter(failing::contains).limit(MAX_AXIS).toList();
  }
}
