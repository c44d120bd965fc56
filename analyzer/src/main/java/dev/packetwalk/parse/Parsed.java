package dev.packetwalk.parse;

import java.util.List;
import java.util.Objects;

/**
 * What one parser made of one evidence file: the faithful records plus every warning met on the way. Parsers never
 * throw for bad input; whatever they could not read is in {@link #warnings()}, with the raw text.
 *
 * @param value the parsed records (never null; an empty list or an empty record when nothing was readable)
 * @param warnings problems, in file order
 * @param <T> the record type of the source
 */
public record Parsed<T>(T value, List<ParseWarning> warnings) {

  public Parsed {
    Objects.requireNonNull(value, "value");
    warnings = List.copyOf(warnings);
  }

  /** True when the file was read without any warning. */
  public boolean clean() {
    return warnings.isEmpty();
  }

  /** Warnings of one kind, for tests and coverage reports. */
  public List<ParseWarning> warnings(ParseWarning.Kind kind) {
    return warnings.stream().filter(w -> w.kind() == kind).toList();
  }
}
