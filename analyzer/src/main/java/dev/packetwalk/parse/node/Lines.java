package dev.packetwalk.parse.node;

/** Line splitting shared by the node parsers. */
final class Lines {
  private Lines() {}

  static String[] of(String text) {
    return text.isEmpty() ? new String[0] : text.split("\r?\n", -1);
  }
}
