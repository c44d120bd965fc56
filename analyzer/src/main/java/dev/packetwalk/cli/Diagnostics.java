package dev.packetwalk.cli;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.parse.ParseWarning;
import java.io.PrintWriter;
import java.util.List;

/** Prints bundle problems as "file:line: message" lines on stderr, bounded so a broken bundle cannot flood it. */
final class Diagnostics {
  private static final int MAX = 20;

  private Diagnostics() {}

  static void print(AnalysisResult result, PrintWriter err, boolean quiet) {
    List<ParseWarning> problems = result.problems().stream()
        .filter(p -> !quiet || p.kind() == ParseWarning.Kind.INTEGRITY).toList();
    problems.stream().limit(MAX).forEach(p -> err.println("warning: " + p.describe()));
    if (problems.size() > MAX) {
      err.println("warning: … and " + (problems.size() - MAX) + " more; see the coverage section of the report");
    }
  }
}
