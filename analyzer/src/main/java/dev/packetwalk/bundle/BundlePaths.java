package dev.packetwalk.bundle;

import java.util.Optional;

/**
 * Decides whether an archive entry name is a safe bundle path. A bundle comes from a customer's machine and is
 * treated as hostile: nothing in it may name a place outside the bundle.
 */
final class BundlePaths {
  private BundlePaths() {}

  /** The normalised path, or empty with {@code why} filled when the name is refused. */
  static Optional<String> normalise(String name, StringBuilder why) {
    if (name == null || name.isEmpty()) {
      why.append("empty entry name");
      return Optional.empty();
    }
    if (name.indexOf('\0') >= 0) {
      why.append("entry name contains a NUL byte");
      return Optional.empty();
    }
    if (name.indexOf('\\') >= 0) {
      why.append("entry name contains a backslash");
      return Optional.empty();
    }
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      why.append("absolute path");
      return Optional.empty();
    }
    String n = name;
    while (n.startsWith("./")) n = n.substring(2);
    StringBuilder out = new StringBuilder();
    for (String seg : n.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".")) continue;
      if (seg.equals("..")) {
        why.append("path climbs out of the bundle with '..'");
        return Optional.empty();
      }
      if (out.length() > 0) out.append('/');
      out.append(seg);
    }
    if (out.length() == 0) {
      why.append("entry name has no path");
      return Optional.empty();
    }
    return Optional.of(out.toString());
  }
}
