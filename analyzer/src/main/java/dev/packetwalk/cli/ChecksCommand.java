package dev.packetwalk.cli;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code packetwalk checks}: the catalog, or one check's documentation. */
@Command(name = "checks", mixinStandardHelpOptions = true,
    description = "List the checks, or show the documentation of one.")
final class ChecksCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "ID", description = "Show this check's documentation.")
  String id;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (id == null) {
      out.printf("%-36s %-9s %-22s %s%n", "ID", "SEVERITY", "LAYER", "TITLE");
      for (Check c : Checks.ALL) {
        CheckInfo i = c.info();
        out.printf("%-36s %-9s %-22s %s%n", i.id(), i.severity().id(), i.layer().title(), i.title());
      }
      return Main.OK;
    }
    Optional<CheckInfo> info = Checks.ALL.stream().map(Check::info).filter(i -> i.id().equals(id)).findFirst();
    if (info.isEmpty()) {
      spec.commandLine().getErr().println("packetwalk: no check with id '" + id + "'; run 'packetwalk checks'");
      return Main.UNUSABLE;
    }
    try (InputStream doc = ChecksCommand.class.getResourceAsStream("/checks/" + id + ".md")) {
      out.print(doc == null ? info.get().summary() + System.lineSeparator()
          : new String(doc.readAllBytes(), StandardCharsets.UTF_8));
    }
    return Main.OK;
  }
}
