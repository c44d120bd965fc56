package dev.packetwalk.check;

import dev.packetwalk.model.SourceRef;

/** Turns a model element's source position into quotable evidence. Implemented over the bundle's files. */
public interface EvidenceSource {
  /** The evidence at {@code ref}, with an excerpt of what stands there. */
  Evidence at(SourceRef ref, String note);

  /** An evidence source that quotes nothing; for tests that build models by hand. */
  EvidenceSource NONE = (ref, note) -> new Evidence(ref.file(), ref.line(), ref.pointer(), "", note);
}
