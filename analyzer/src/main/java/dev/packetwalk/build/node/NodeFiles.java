package dev.packetwalk.build.node;

import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.Coverage.Status;
import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.parse.ParseWarning;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One node's evidence files, by path below {@code nodes/<node>/}, and what became of each: every file read gets
 * exactly one coverage row (PARSED, PARTIAL, FAILED or EMPTY with its parser's warnings), every file left gets UNUSED
 * with the reason.
 */
final class NodeFiles {
  private final String node;
  private final TreeMap<String, byte[]> files = new TreeMap<>();
  private final Map<String, EvidenceSpec> specs = new TreeMap<>();
  private final Map<String, Coverage> coverage = new TreeMap<>();
  private final List<ParseWarning> warnings = new ArrayList<>();

  NodeFiles(String node) {
    this.node = node;
  }

  void add(String rel, EvidenceSpec spec, byte[] content) {
    files.put(rel, content);
    specs.put(rel, spec);
  }

  String node() {
    return node;
  }

  String path(String rel) {
    return "nodes/" + node + "/" + rel;
  }

  boolean has(String rel) {
    return files.containsKey(rel);
  }

  /** The text of a file, if the node has it. */
  Optional<String> text(String rel) {
    byte[] b = files.get(rel);
    return b == null ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
  }

  /** Paths below {@code dir} (which ends with /), in name order. */
  List<String> under(String dir) {
    return files.keySet().stream().filter(p -> p.startsWith(dir)).toList();
  }

  /** Records the outcome of parsing one file. */
  void read(String rel, int items, List<ParseWarning> ws, String what) {
    warnings.addAll(ws);
    String text = text(rel).orElse("");
    Status status;
    String reason;
    if (text.isBlank()) {
      status = Status.EMPTY;
      reason = "the file is empty";
    } else if (!ws.isEmpty() && items == 0) {
      status = Status.FAILED;
      reason = ws.get(0).message();
    } else if (!ws.isEmpty()) {
      status = Status.PARTIAL;
      reason = items + " " + what + "; " + ws.size() + " warning(s); first: " + ws.get(0).describe();
    } else {
      status = Status.PARSED;
      reason = items + " " + what;
    }
    coverage.put(rel, new Coverage(path(rel), specs.get(rel), status, reason, items, ws.size()));
  }

  /** Records a file deliberately left unread, and why. */
  void unused(String rel, String reason) {
    coverage.put(rel, new Coverage(path(rel), specs.get(rel), Status.UNUSED, reason, 0, 0));
  }

  /** Every row; files nobody claimed are UNUSED. */
  List<Coverage> coverage() {
    for (String rel : files.keySet()) {
      coverage.computeIfAbsent(rel, r -> new Coverage(path(r), specs.get(r), Status.UNUSED,
          "node evidence this version does not analyse", 0, 0));
    }
    return List.copyOf(coverage.values());
  }

  List<ParseWarning> warnings() {
    return List.copyOf(warnings);
  }
}
