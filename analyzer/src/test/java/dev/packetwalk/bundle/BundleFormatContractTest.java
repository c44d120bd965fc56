package dev.packetwalk.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.collector.CollectorRun;
import dev.packetwalk.collector.CollectorRun.Result;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** BUNDLE-FORMAT.md, EvidenceSpec and the collector's output must agree. */
class BundleFormatContractTest {

  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|.*\\|\\s*$");

  /** The first column of the table in the "## Paths" section of BUNDLE-FORMAT.md. */
  static List<String> documentedPatterns() throws Exception {
    List<String> lines = Files.readAllLines(CollectorRun.repo().resolve("collector-scripts/BUNDLE-FORMAT.md"));
    List<String> patterns = new ArrayList<>();
    boolean inPaths = false;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        inPaths = line.trim().equals("## Paths");
        continue;
      }
      Matcher m = ROW.matcher(line);
      if (inPaths && m.matches()) {
        patterns.add(m.group(1));
      }
    }
    return patterns;
  }

  @Test
  void documentedTableListsExactlyTheEvidenceSpecs() throws Exception {
    List<String> documented = documentedPatterns();
    List<String> registry = Arrays.stream(EvidenceSpec.values()).map(EvidenceSpec::pattern).toList();
    assertEquals(registry, documented, "the table in BUNDLE-FORMAT.md, in EvidenceSpec order");
  }

  @Test
  void everyCollectedPathHasASpec() throws Exception {
    CollectorRun.assumeTools();
    for (Result r : List.of(CollectorRun.clean(), CollectorRun.hostile())) {
      assertTrue(r.entries().size() > 20, "a real bundle: " + r.entries().keySet());
      for (String path : r.entries().keySet()) {
        assertTrue(EvidenceSpec.of(path).isPresent(), "no EvidenceSpec matches " + path);
      }
    }
  }

  @Test
  void everyExpectedClusterAndMetaSpecIsProduced() throws Exception {
    CollectorRun.assumeTools();
    Result r = CollectorRun.clean();
    for (EvidenceSpec spec : EvidenceSpec.expectedSpecs()) {
      if (spec.family() == EvidenceSpec.Family.CLUSTER || spec.family() == EvidenceSpec.Family.META) {
        assertTrue(spec.isFixed(), spec + " is expected, so it should name one path");
        assertTrue(r.entries().containsKey(spec.pattern()), "not produced: " + spec.pattern());
      }
    }
  }
}
