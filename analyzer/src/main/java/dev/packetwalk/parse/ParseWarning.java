package dev.packetwalk.parse;

import java.util.Objects;

/**
 * A problem found while reading one evidence file. Parsers return these instead of throwing, so that one bad line
 * costs that line and not the analysis.
 *
 * @param file bundle path of the file
 * @param line 1-based line number, or 0 when the problem concerns the whole file
 * @param kind what sort of problem
 * @param message plain-language explanation for a user
 * @param raw the offending text, if any (kept verbatim, possibly shortened)
 */
public record ParseWarning(String file, int line, Kind kind, String message, String raw) {

  /** Closed set of problem kinds. */
  public enum Kind {
    /** A line or construct the parser does not know; kept raw. */
    UNRECOGNIZED,
    /** Text that does not follow the format at all. */
    MALFORMED,
    /** A construct known to exist that packetwalk does not evaluate. */
    UNSUPPORTED,
    /** The file ended early, or was cut by a size cap. */
    TRUNCATED,
    /** The bundle's integrity or safety rules were broken (hash mismatch, hostile path, ...). */
    INTEGRITY
  }

  private static final int MAX_RAW = 240;

  public ParseWarning {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    raw = raw == null ? "" : raw.length() > MAX_RAW ? raw.substring(0, MAX_RAW) + "…" : raw;
  }

  public static ParseWarning of(String file, int line, Kind kind, String message) {
    return new ParseWarning(file, line, kind, message, "");
  }

  /** "file:line: message", the form printed to users. */
  public String describe() {
    return (line > 0 ? file + ":" + line : file) + ": " + message;
  }
}
