package dev.packetwalk.cli;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.Manifest;
import dev.packetwalk.parse.ParseWarning;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code packetwalk inspect}: what is in a bundle, whether it is intact, and what could be read. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show a bundle's manifest, integrity and evidence coverage without running checks.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:intact", "1:integrity problems (hash mismatch, refused entries, truncation)",
        "2:unusable input or usage error"})
final class InspectCommand implements Callable<Integer> {
  @Mixin BundleInputMixin input;
  @Mixin OutputStyleMixin style;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    AnalysisResult r = new Analyzer(input.limits(), List.of(), false).analyze(input.bundles());
    for (Bundle.Source s : r.sources()) {
      out.printf("input     %s (%s%s)%n", s.name(), s.format(), s.sha256().isEmpty() ? "" : ", sha256 " + s.sha256());
    }
    Manifest m = r.manifest();
    if (m != null) {
      out.printf("collector %s %s, bundle format %d%n", m.collectorName(), m.collectorVersion(), m.formatVersion());
      out.printf("cluster   %s %s%n", m.context(), m.server());
      out.printf("collected %s → %s%n", m.startTime(), m.endTime());
      out.printf("files     %d listed, %d skipped%n", m.files().size(), m.skipped().size());
    } else {
      out.println("manifest  none");
    }
    out.println();
    out.printf("%-9s %-58s %s%n", "STATUS", "PATH", "REASON");
    for (Coverage c : r.coverage()) {
      out.printf("%-9s %-58s %s%n", c.status(), c.path(), c.reason());
    }
    List<ParseWarning> integrity = r.problems().stream()
        .filter(p -> p.kind() == ParseWarning.Kind.INTEGRITY || p.kind() == ParseWarning.Kind.TRUNCATED).toList();
    if (!integrity.isEmpty()) {
      out.println();
      out.println("Integrity problems:");
      integrity.forEach(p -> out.println("  " + p.describe()));
    }
    if (!r.usable()) return Main.UNUSABLE;
    return integrity.isEmpty() ? Main.OK : Main.FINDINGS;
  }
}
