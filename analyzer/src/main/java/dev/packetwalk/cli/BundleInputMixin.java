package dev.packetwalk.cli;

import dev.packetwalk.bundle.BundleLimits;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The bundle inputs and reading limits shared by every command that reads bundles. */
public final class BundleInputMixin {
  @Parameters(arity = "1..*", paramLabel = "BUNDLE",
      description = "Bundle(s): .tar.gz, .tgz, .tar, .zip or a directory. Several are merged "
          + "(e.g. a cluster bundle and node bundles).")
  List<Path> bundles;

  @Option(names = "--max-file-bytes", paramLabel = "N", defaultValue = "268435456",
      description = "Largest single file read from a bundle (default: ${DEFAULT-VALUE}).")
  long maxFileBytes;

  @Option(names = "--max-total-bytes", paramLabel = "N", defaultValue = "2147483648",
      description = "Most bytes read from all bundles together; stops compression bombs (default: ${DEFAULT-VALUE}).")
  long maxTotalBytes;

  BundleLimits limits() {
    return new BundleLimits(maxFileBytes, maxTotalBytes, BundleLimits.DEFAULT.maxEntries());
  }

  List<Path> bundles() {
    return List.copyOf(bundles);
  }
}
