package dev.packetwalk.cli;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.check.Checks;
import dev.packetwalk.check.Severity;
import dev.packetwalk.report.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code packetwalk analyze}: bundle in, findings and reports out. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Analyse bundle(s) and write the reports.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no finding at or above --fail-on", "1:findings at or above --fail-on",
        "2:unusable input or usage error"})
final class AnalyzeCommand implements Callable<Integer> {
  @Mixin BundleInputMixin input;
  @Mixin OutputStyleMixin style;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the self-contained HTML report here.")
  Path html;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here ('-' for stdout).")
  Path json;

  @Option(names = "--markdown", paramLabel = "FILE",
      description = "Write a Markdown summary (at most 60 lines, for a ticket comment) here ('-' for stdout).")
  Path markdown;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
      converter = SeverityConverter.class,
      description = "Exit 1 when a finding is at least this severe: critical, error, warning, info "
          + "(default: ${DEFAULT-VALUE}).")
  Severity failOn;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> outputs = new ArrayList<>();
    for (Path p : new Path[] {html, json, markdown}) if (p != null && !p.toString().equals("-")) outputs.add(p);
    for (Path p : outputs) {
      Optional<String> why = OutputPaths.refusal(p, input.bundles());
      if (why.isPresent()) {
        err.println("packetwalk: " + why.get());
        return Main.UNUSABLE;
      }
    }
    Progress progress = new Progress(err, style.progress());
    progress.step("reading " + input.bundles().size() + " bundle(s)");
    Analyzer analyzer = new Analyzer(input.limits(), Checks.ALL);
    // the inputs' sha256 appears only in the reports; the terminal summary does not show it
    if (html == null && json == null && markdown == null) analyzer = analyzer.withoutInputHashes();
    AnalysisResult result = analyzer.analyze(input.bundles());
    progress.step("writing reports");
    List<Path> written = new ArrayList<>();
    boolean toStdout = isStdout(json) || isStdout(markdown);
    try {
      if (html != null) written.add(Reports.writeHtml(result, html));
      if (json != null) {
        if (isStdout(json)) out.print(Reports.json(result));
        else written.add(Reports.writeJson(result, json));
      }
      if (markdown != null) {
        if (isStdout(markdown)) out.print(Reports.markdown(result));
        else written.add(Reports.writeMarkdown(result, markdown));
      }
    } catch (IOException e) {
      progress.done();
      err.println("packetwalk: cannot write report: " + e.getMessage());
      return Main.UNUSABLE;
    }
    progress.done();
    Diagnostics.print(result, err, style.quiet);
    if (!style.quiet && !toStdout) {
      out.print(Reports.terminal(result, style.colour(), written));
      if (written.isEmpty()) out.println("No report written; add --html FILE, --json FILE or --markdown FILE.");
    }
    if (!result.usable()) {
      err.println("packetwalk: no usable evidence in " + input.bundles());
      return Main.UNUSABLE;
    }
    return result.anyAtLeast(failOn) ? Main.FINDINGS : Main.OK;
  }

  private static boolean isStdout(Path p) {
    return p != null && p.toString().equals("-");
  }

  /** Accepts severities in any case. */
  static final class SeverityConverter implements CommandLine.ITypeConverter<Severity> {
    @Override
    public Severity convert(String value) {
      try {
        return Severity.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a severity; use critical, error, warning or info");
      }
    }
  }
}
