package dev.packetwalk.cli;

import java.io.PrintWriter;

/** A one-line progress indicator on stderr that rewrites itself; silent when not on a terminal. */
final class Progress {
  private final PrintWriter err;
  private final boolean enabled;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  void step(String what) {
    if (!enabled) return;
    err.print("\r\033[K" + what + "…");
    err.flush();
  }

  void done() {
    if (!enabled) return;
    err.print("\r\033[K");
    err.flush();
  }
}
