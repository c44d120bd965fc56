package dev.packetwalk.report;

import dev.packetwalk.check.EvidenceSource;
import dev.packetwalk.model.SourceRef;

/**
 * The text that stands at a trace step's evidence line, for the break point's excerpt. The renderers hold no bundle;
 * whoever holds one supplies this, normally over the same {@link EvidenceSource} that quotes findings, so that a
 * step and a finding citing one line quote it alike.
 */
@FunctionalInterface
public interface PathExcerpts {
  /** The excerpt at {@code ref}, or "" when there is none. */
  String at(SourceRef ref);

  /** Quotes nothing: the break point shows its file and line only. */
  PathExcerpts NONE = ref -> "";

  /** Excerpts as findings get them. */
  static PathExcerpts from(EvidenceSource evidence) {
    return ref -> ref.isNone() ? "" : evidence.at(ref, "").excerpt();
  }
}
