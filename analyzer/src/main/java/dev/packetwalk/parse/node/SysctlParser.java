package dev.packetwalk.parse.node;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code sysctl -a}: {@code net.ipv4.ip_forward = 1}. Values keep inner tabs and spaces (only the blanks
 * around {@code =} and at the ends go). A key printed several times ({@code dev.cdrom.info}) keeps its lines joined
 * by newlines. {@code sysctl: permission denied on key ...} and other non-{@code key = value} lines are warnings.
 *
 * <p>Yields a map key &rarr; value in file order.
 */
public final class SysctlParser {
  public static final String PATH = "nodes/{node}/kernel/sysctl.txt";

  private SysctlParser() {}

  public static Parsed<Map<String, String>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = Lines.of(text);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      int eq = line.indexOf(" = ");
      int cut = eq >= 0 ? eq : line.endsWith(" =") ? line.length() - 2 : -1;
      if (line.startsWith("sysctl:") || cut <= 0) {
        warnings.add(new ParseWarning(file, i + 1,
            line.contains("permission denied") ? ParseWarning.Kind.UNSUPPORTED : ParseWarning.Kind.UNRECOGNIZED,
            line.contains("permission denied") ? "sysctl could not read a key" : "not a 'key = value' line", line));
        continue;
      }
      String key = line.substring(0, cut).trim();
      String value = eq >= 0 ? line.substring(eq + 3).strip() : "";
      out.merge(key, value, (a, b) -> a + "\n" + b);
    }
    return new Parsed<>(out, warnings);
  }
}
