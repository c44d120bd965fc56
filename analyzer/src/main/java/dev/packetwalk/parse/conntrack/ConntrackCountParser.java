package dev.packetwalk.parse.conntrack;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code conntrack -C}: a single number, e.g. {@code 1438}. Anything else is MALFORMED and gives -1. */
public final class ConntrackCountParser {
  public static final String PATH = "nodes/{node}/conntrack/conntrack-C.txt";

  private ConntrackCountParser() {}

  public static Parsed<Long> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    String s = text.trim();
    long v = ConntrackListParser.parseLong(s, 0, s.length(), -1);
    if (v < 0) {
      warnings.add(new ParseWarning(file, 1, ParseWarning.Kind.MALFORMED, "expected one number", s));
    }
    return new Parsed<>(v, warnings);
  }
}
