package dev.packetwalk.model;

/**
 * Where in the bundle a model element came from: the file, the 1-based line, and for structured files the JSON
 * pointer of the element. Every finding and trace step cites one of these.
 */
public record SourceRef(String file, int line, String pointer) implements Comparable<SourceRef> {

  public static final SourceRef NONE = new SourceRef("", 0, "");

  public SourceRef {
    file = file == null ? "" : file;
    pointer = pointer == null ? "" : pointer;
  }

  public static SourceRef line(String file, int line) {
    return new SourceRef(file, line, "");
  }

  public boolean isNone() {
    return file.isEmpty();
  }

  @Override
  public int compareTo(SourceRef o) {
    int c = file.compareTo(o.file);
    if (c != 0) return c;
    c = Integer.compare(line, o.line);
    return c != 0 ? c : pointer.compareTo(o.pointer);
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
