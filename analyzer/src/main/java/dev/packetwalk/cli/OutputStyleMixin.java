package dev.packetwalk.cli;

import picocli.CommandLine.Option;

/** How the terminal output looks: colours and progress only on a terminal, nothing but errors with --quiet. */
public final class OutputStyleMixin {
  /** When to colour. */
  enum ColorMode { auto, always, never }

  @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
  boolean quiet;

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "Colour the summary: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ColorMode color;

  boolean interactive() {
    return System.console() != null && System.getenv("CI") == null;
  }

  boolean colour() {
    return switch (color) {
      case always -> true;
      case never -> false;
      case auto -> interactive() && System.getenv("NO_COLOR") == null;
    };
  }

  boolean progress() {
    return !quiet && interactive();
  }
}
