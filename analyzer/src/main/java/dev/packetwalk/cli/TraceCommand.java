package dev.packetwalk.cli;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.report.PathExcerpts;
import dev.packetwalk.report.Reports;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.Verdict;
import dev.packetwalk.trace.flows.FlowSpecs;
import dev.packetwalk.trace.flows.Narrower;
import dev.packetwalk.trace.walk.Tracer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code packetwalk trace}: one flow walked hop by hop through the bundle's dataplane, each step with its evidence. */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "Walk one flow through the collected dataplane, hop by hop, with the evidence for every step.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:delivered", "1:partial, broken, or not decidable from the evidence",
        "2:unusable input or usage error"})
final class TraceCommand implements Callable<Integer> {
  @Mixin BundleInputMixin input;
  @Mixin OutputStyleMixin style;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "FROM",
      description = "The sender: pod/NAMESPACE/NAME, node/NAME, or an IP address.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "TO",
      description = "The receiver: pod/NAMESPACE/NAME[:PORT], svc/NAMESPACE/NAME[:PORT], node/NAME:PORT or IP[:PORT].")
  String to;

  @Option(names = "--proto", paramLabel = "PROTO",
      description = "tcp, udp or icmp (default: the Service port's protocol, else tcp with a port, icmp without).")
  String proto;

  @Option(names = "--json", description = "Print the path as one JSON object (the report's paths[] element).")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // the trace shows no input hashes: the inputs are not hashed for it
    AnalysisResult r = new Analyzer(input.limits(), List.of(), false).withoutInputHashes().analyze(input.bundles());
    if (!r.usable()) {
      err.println("packetwalk: nothing usable in " + input.bundles() + " (see `packetwalk inspect`)");
      return Main.UNUSABLE;
    }
    if (r.nodes().isEmpty()) {
      err.println("packetwalk: the bundle has no node evidence, so there is no dataplane to trace through "
          + "(collect with packetwalk-collect --nodes)");
      return Main.UNUSABLE;
    }
    Flow flow;
    try {
      flow = new FlowSpecs(r.cluster(), r.nodes()).resolve(from, to, proto);
    } catch (FlowSpecs.SpecException e) {
      err.println("packetwalk: " + e.getMessage());
      return Main.UNUSABLE;
    }
    Tracer tracer = new Tracer(r.cluster(), r.nodes());
    Trace t = new Narrower(r.cluster(), r.nodes(), tracer).narrow(tracer.trace(flow));
    out.print(Reports.trace(t, PathExcerpts.from(r.evidence()), json, !json && style.colour()));
    out.flush();
    return t.verdict() == Verdict.DELIVERED ? Main.OK : Main.FINDINGS;
  }
}
