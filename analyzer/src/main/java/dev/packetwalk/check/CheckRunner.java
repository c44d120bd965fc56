package dev.packetwalk.check;

import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplanes;
import java.util.ArrayList;
import java.util.List;

/** Runs every registered check; one failing check costs its own result, never the others'. */
public final class CheckRunner {
  private CheckRunner() {}

  public static List<CheckResult> runAll(List<Check> checks, Cluster cluster, EvidenceSource evidence) {
    return runAll(checks, CheckInputs.of(cluster), evidence);
  }

  public static List<CheckResult> runAll(List<Check> checks, CheckInputs inputs, EvidenceSource evidence) {
    List<CheckResult> results = new ArrayList<>();
    for (Check check : checks) {
      results.add(run(check, inputs, evidence));
    }
    return List.copyOf(results);
  }

  public static CheckResult run(Check check, Cluster cluster, EvidenceSource evidence) {
    return run(check, CheckInputs.of(cluster), evidence);
  }

  public static CheckResult run(Check check, CheckInputs inputs, EvidenceSource evidence) {
    CheckInfo info = check.info();
    CheckContext ctx = new CheckContext(info, inputs, evidence);
    try {
      List<Finding> findings = check.run(ctx).stream().sorted(Finding.ORDER).toList();
      CheckResult.Status status = !findings.isEmpty() ? CheckResult.Status.FOUND
          : !ctx.missing().isEmpty() ? CheckResult.Status.INSUFFICIENT_INFO : CheckResult.Status.PASSED;
      return new CheckResult(info, status, findings, ctx.missing());
    } catch (RuntimeException e) {
      return new CheckResult(info, CheckResult.Status.ERROR, List.of(),
          List.of("internal error in check " + info.id() + ": " + e));
    }
  }
}
