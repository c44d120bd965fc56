package dev.packetwalk.cli;

import dev.packetwalk.analysis.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code packetwalk} command: thin picocli shells over the analysis pipeline. */
@Command(name = "packetwalk", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Offline Kubernetes network diagnosis from a packetwalk evidence bundle.",
    subcommands = {AnalyzeCommand.class, TraceCommand.class, InspectCommand.class, ChecksCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:nothing at or above the --fail-on severity", "1:findings at or above it",
        "2:unusable input or usage error"})
public final class Main implements Runnable {
  /** Exit codes shared by the subcommands. */
  public static final int OK = 0;
  public static final int FINDINGS = 1;
  public static final int UNUSABLE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int exit = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(exit);
  }

  /** The configured command line; tests call this with their own writers and run it in-process. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      // users get one line; a stack trace only when they ask for it
      cmd.getErr().println("packetwalk: internal error: " + e);
      if (System.getenv("PACKETWALK_DEBUG") != null) e.printStackTrace(cmd.getErr());
      return UNUSABLE;
    });
    return cl;
  }

  /** Reads the version stamped at build time. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"packetwalk " + Version.get()};
    }
  }
}
