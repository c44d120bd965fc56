package dev.packetwalk.check;

import dev.packetwalk.model.SourceRef;

/**
 * One piece of evidence: a bundle file and line (or JSON pointer) with the text that stands there, or a packet
 * number in a capture. {@code note} says what the excerpt shows.
 */
public record Evidence(String file, int line, String pointer, String excerpt, String note)
    implements Comparable<Evidence> {
  public Evidence {
    file = file == null ? "" : file;
    pointer = pointer == null ? "" : pointer;
    excerpt = excerpt == null ? "" : excerpt;
    note = note == null ? "" : note;
  }

  public SourceRef ref() {
    return new SourceRef(file, line, pointer);
  }

  /** "cluster/pods.json:120". */
  public String location() {
    return line > 0 ? file + ":" + line : file;
  }

  @Override
  public int compareTo(Evidence o) {
    int c = file.compareTo(o.file);
    if (c == 0) c = Integer.compare(line, o.line);
    return c != 0 ? c : pointer.compareTo(o.pointer);
  }
}
