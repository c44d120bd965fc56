package dev.packetwalk.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Refuses output paths that would write into or over an input: the bundle is evidence and stays untouched. */
final class OutputPaths {
  private OutputPaths() {}

  /** Why {@code out} may not be written, if it may not. */
  static Optional<String> refusal(Path out, List<Path> inputs) {
    Path o = out.toAbsolutePath().normalize();
    for (Path in : inputs) {
      Path i = in.toAbsolutePath().normalize();
      if (o.equals(i)) return Optional.of(out + " is an input bundle; choose another output file");
      if (Files.isDirectory(i) && o.startsWith(i)) {
        return Optional.of(out + " lies inside the input directory " + in + "; choose a path outside it");
      }
    }
    return Optional.empty();
  }
}
