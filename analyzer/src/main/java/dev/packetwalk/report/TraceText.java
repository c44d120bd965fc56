package dev.packetwalk.report;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.BreakAt;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Narrowing;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code packetwalk trace} prints: the packet's story, the way seed 000 tells it. The verdict first, then where
 * it broke and the line that says so, then each branch hop by hop with every step and its {@code file:line}, then
 * the narrowing. A branch that starts like an earlier one says so instead of repeating those steps. Lines stay
 * within {@link #WIDTH} columns; colour only when asked. Bundle text is stripped of control characters, so a
 * hostile name cannot move the cursor.
 */
public final class TraceText {
  static final int WIDTH = 100;
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";
  private static final String RED = "\u001b[1;31m";
  private static final String GREEN = "\u001b[32m";
  private static final String AMBER = "\u001b[33m";
  private static final String STEP_INDENT = "      ";

  private final boolean color;
  private final PathExcerpts excerpts;
  private final List<String> out = new ArrayList<>();

  private TraceText(boolean color, PathExcerpts excerpts) {
    this.color = color;
    this.excerpts = excerpts;
  }

  /** The story of {@code t}, ending in a newline. */
  public static String render(Trace t, PathExcerpts excerpts, boolean color) {
    TraceText w = new TraceText(color, excerpts == null ? PathExcerpts.NONE : excerpts);
    w.trace(t);
    return String.join("\n", w.out) + "\n";
  }

  private void trace(Trace t) {
    Verdict v = t.verdict();
    out.add(style(verdictColor(v), v.name()) + "  " + style(BOLD, clean(t.flow().from() + " → " + t.flow().to())));
    wrap("  ", "  ", clean(t.flow().firstPacket().tuple()) + "  ·  from " + clean(start(t)), DIM);
    out.add("  " + branchCounts(t));
    if (t.breakAt() != null) breakPoint("  Break: ", t.breakAt());
    if (t.branches().isEmpty()) {
      out.add("");
      out.add("  No branch was walked: the evidence did not let the tracer start this flow.");
    }
    for (int i = 0; i < t.branches().size(); i++) branch(t, i);
    if (t.narrowing() != null) narrowing(t.narrowing());
  }

  /** {@code 2 branches: 1 delivered, 1 failed}; parts that are zero are left out. */
  private static String branchCounts(Trace t) {
    int n = t.branches().size();
    long ok = t.branches().stream().filter(b -> b.disposition().success()).count();
    long unknown = t.branches().stream().filter(b -> b.disposition() == Disposition.INSUFFICIENT_INFO).count();
    List<String> parts = new ArrayList<>();
    if (ok > 0) parts.add(ok + " delivered");
    if (n - ok - unknown > 0) parts.add((n - ok - unknown) + " failed");
    if (unknown > 0) parts.add(unknown + " undecided");
    return n + " branch" + (n == 1 ? "" : "es") + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
  }

  private static String start(Trace t) {
    var s = t.flow().start();
    if (s == null) return "";
    return switch (s.kind()) {
      case POD -> "pod " + s.pod() + (s.node().isEmpty() ? "" : " on " + s.node());
      case NODE -> "node " + s.node();
      case EXTERNAL -> "outside, arriving at " + s.node();
    };
  }

  private void breakPoint(String head, BreakAt b) {
    String pad = " ".repeat(head.length());
    wrap(head, pad, clean(PathReport.breakText(b)), RED);
    if (b.step() == null) return;
    SourceRef ref = b.step().evidence();
    String excerpt = clean(PathJson.excerpt(ref, excerpts));
    wrap(pad, pad, PathFormat.location(ref) + (excerpt.isEmpty() ? "" : "  " + excerpt), DIM);
  }

  private void branch(Trace t, int index) {
    Branch b = t.branches().get(index);
    out.add("");
    StringBuilder head = new StringBuilder("Branch " + (index + 1) + " of " + t.branches().size());
    head.append(" · p=").append(PathFormat.probabilityText(b.probability()));
    if (!b.choices().isEmpty()) head.append(" · ").append(clean(String.join(" → ", b.choices())));
    String disposition = b.disposition().name();
    String color = b.disposition().success() ? GREEN : b.disposition() == Disposition.INSUFFICIENT_INFO ? AMBER
        : RED;
    if (head.length() + 3 + disposition.length() <= WIDTH) {
      out.add(style(BOLD, head + " → ") + style(color, disposition));
    } else {
      wrap("", "  ", head + " → " + disposition, BOLD);
    }

    List<Hop> hops = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    flatten(b, hops, steps);
    int[] same = sharedPrefix(t, index, hops, steps);
    int from = same[0];
    if (from > 0) {
      out.add(style(DIM, "  " + (from == 1 ? "step 1" : "steps 1–" + from) + " as in branch " + (same[1] + 1)));
    }
    Step failing = b.breakAt() == null ? null : b.breakAt().step();
    int failAt = failing == null ? -1 : steps.lastIndexOf(failing);
    Hop current = null;
    for (int i = from; i < steps.size(); i++) {
      Hop h = hops.get(i);
      if (h != current) {
        current = h;
        String where = h.where().isEmpty() ? h.node() : h.where();
        String on = h.node().isEmpty() || where.contains(h.node()) ? "" : " (" + h.node() + ")";
        out.add("  " + style(BOLD, "▸ " + clean(where + on))
            + (h.direction() == Hop.Direction.REPLY ? style(DIM, "  reply") : ""));
      }
      step(i + 1, steps.get(i), i == failAt);
    }
  }

  private static void flatten(Branch b, List<Hop> hops, List<Step> steps) {
    for (Hop h : b.hops()) {
      for (Step s : h.steps()) {
        hops.add(h);
        steps.add(s);
      }
    }
  }

  /** {how many leading steps an earlier branch shares with this one, which branch}; the longest wins. */
  private static int[] sharedPrefix(Trace t, int index, List<Hop> hops, List<Step> steps) {
    int best = 0;
    int which = -1;
    for (int j = 0; j < index; j++) {
      List<Hop> oh = new ArrayList<>();
      List<Step> os = new ArrayList<>();
      flatten(t.branches().get(j), oh, os);
      int n = 0;
      while (n < steps.size() && n < os.size() && steps.get(n).equals(os.get(n)) && hops.get(n).node()
          .equals(oh.get(n).node()) && hops.get(n).where().equals(oh.get(n).where())
          && hops.get(n).direction() == oh.get(n).direction()) {
        n++;
      }
      if (n > best) {
        best = n;
        which = j;
      }
    }
    return new int[] {best, which};
  }

  /** {@code   12. text                                   file:line}, wrapped when it does not fit. */
  private void step(int n, Step s, boolean fail) {
    String mark = fail ? "✗" : " ";
    String number = String.format(java.util.Locale.ROOT, "  %s%3d. ", mark, n);
    String text = clean(s.text());
    String loc = PathFormat.location(s.evidence());
    if (number.length() + text.length() + 2 + loc.length() <= WIDTH) {
      int pad = WIDTH - number.length() - text.length() - loc.length();
      out.add(style(fail ? RED : "", number + text) + " ".repeat(pad) + style(DIM, loc));
    } else {
      wrap(number, STEP_INDENT + "  ", text, fail ? RED : "");
      out.add(" ".repeat(Math.max(0, WIDTH - loc.length())) + style(DIM, loc));
    }
    if (fail) {
      String excerpt = clean(PathJson.excerpt(s.evidence(), excerpts));
      if (!excerpt.isEmpty()) wrap(STEP_INDENT + "  │ ", STEP_INDENT + "  │ ", excerpt, DIM);
    }
  }

  private void narrowing(Narrowing n) {
    out.add("");
    out.add(style(BOLD, "Narrowing"));
    for (Narrowing.Variant v : n.variants()) {
      String word = v.verdict() == null ? "NOT TRACED" : v.verdict().name();
      String sign = v.verdict() == Verdict.DELIVERED ? "✓" : v.verdict() == null
          || v.verdict() == Verdict.INSUFFICIENT_INFO ? "?" : "✗";
      String head = "  " + style(v.verdict() == null ? DIM : verdictColor(v.verdict()),
          String.format(java.util.Locale.ROOT, "%s %-17s", sign, word)) + " ";
      String detail = clean(v.name());
      if (v.breakAt() != null) {
        detail += ": " + clean(PathReport.breakText(v.breakAt()))
            + (v.breakAt().step() == null ? "" : " (" + PathFormat.location(v.breakAt().step().evidence()) + ")");
      }
      if (v.note() != null && !v.note().isEmpty()) detail += " — " + clean(v.note());
      wrap(head, " ".repeat(22), detail, "");
    }
    String conclusion = (n.firstFailing() == null ? "" : "first failing: " + PathFormat.words(n.firstFailing())
        + ". ") + clean(n.conclusion() == null ? "" : n.conclusion());
    if (!conclusion.isBlank()) wrap("  ⇒ ", "    ", conclusion, BOLD);
  }

  /**
   * Word-wraps {@code text} within {@link #WIDTH} columns after {@code first} (which may be styled already), later
   * lines after {@code rest}, and styles the text with {@code code}. A word longer than a line is cut.
   */
  private void wrap(String first, String rest, String text, String code) {
    String prefix = first;
    String left = text;
    while (visible(prefix) + left.length() > WIDTH) {
      int room = Math.max(10, WIDTH - visible(prefix));
      int cut = left.lastIndexOf(' ', room);
      if (cut <= room / 3) cut = Math.min(room, left.length());
      out.add(prefix + style(code, left.substring(0, cut).stripTrailing()));
      left = left.substring(cut).stripLeading();
      prefix = rest;
    }
    out.add(prefix + style(code, left));
  }

  private static int visible(String s) {
    return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
  }

  private String style(String code, String text) {
    return color && !code.isEmpty() && !text.isEmpty() ? code + text + RESET : text;
  }

  private static String verdictColor(Verdict v) {
    return switch (v) {
      case DELIVERED -> GREEN;
      case BROKEN -> RED;
      default -> AMBER;
    };
  }

  private static String clean(String s) {
    return TerminalSummary.clean(s);
  }
}
