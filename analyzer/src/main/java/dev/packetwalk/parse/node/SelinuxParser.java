package dev.packetwalk.parse.node;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the node's SELinux mode in the three forms a bundle can hold: {@code getenforce} ({@code Enforcing},
 * {@code Permissive}, {@code Disabled}), a copy of {@code /sys/fs/selinux/enforce} ({@code 1} enforcing, {@code 0}
 * permissive), or {@code sestatus} (with or without {@code -b}):
 *
 * <pre>
 * SELinux status:                 enabled
 * Loaded policy name:             targeted
 * Current mode:                   permissive
 * Mode from config file:          permissive
 *
 * Policy booleans:
 * abrt_anon_write                             off
 * </pre>
 *
 * gives {@code Selinux[mode=PERMISSIVE, form=SESTATUS, line=3, configMode=PERMISSIVE, ...]}. Text in none of these
 * forms gives a null mode and an UNRECOGNIZED warning per line.
 */
public final class SelinuxParser {
  public static final String PATH = "nodes/{node}/kernel/selinux.txt";

  private SelinuxParser() {}

  public enum Mode { ENFORCING, PERMISSIVE, DISABLED }

  public enum Form { GETENFORCE, ENFORCE_FILE, SESTATUS }

  /**
   * @param mode the running mode, or null when the text does not say
   * @param form which command or file the text came from, or null when not recognized
   * @param line the line that gives the mode, or 0
   * @param configMode {@code sestatus}'s "Mode from config file" (the mode after the next boot), or null
   * @param status every {@code sestatus} "key: value" line, keys as printed
   * @param booleans {@code sestatus -b}'s policy booleans
   */
  public record Selinux(Mode mode, Form form, int line, Mode configMode, Map<String, String> status,
      Map<String, Boolean> booleans) {
    public Selinux {
      status = Collections.unmodifiableMap(new LinkedHashMap<>(status));
      booleans = Collections.unmodifiableMap(new LinkedHashMap<>(booleans));
    }
  }

  public static Parsed<Selinux> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    String[] lines = Lines.of(text);
    int firstLine = 0;
    for (int i = 0; i < lines.length && firstLine == 0; i++) if (!lines[i].isBlank()) firstLine = i + 1;
    if (firstLine == 0) return new Parsed<>(new Selinux(null, null, 0, null, Map.of(), Map.of()), warnings);
    String first = lines[firstLine - 1].strip();
    Mode word = word(first);
    if (word != null || first.equals("1") || first.equals("0")) {
      boolean file01 = word == null;
      for (int i = firstLine; i < lines.length; i++) unrecognized(warnings, file, i + 1, lines[i]);
      Mode mode = file01 ? (first.equals("1") ? Mode.ENFORCING : Mode.PERMISSIVE) : word;
      return new Parsed<>(new Selinux(mode, file01 ? Form.ENFORCE_FILE : Form.GETENFORCE, firstLine, null,
          Map.of(), Map.of()), warnings);
    }
    return sestatus(file, lines, warnings);
  }

  private static Parsed<Selinux> sestatus(String file, String[] lines, List<ParseWarning> warnings) {
    Map<String, String> status = new LinkedHashMap<>();
    Map<String, Boolean> booleans = new LinkedHashMap<>();
    Mode mode = null;
    int modeLine = 0;
    boolean inBooleans = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) continue;
      int colon = line.indexOf(':');
      if (line.equals("Policy booleans:")) {
        inBooleans = true;
      } else if (inBooleans && line.matches("\\S+\\s+(on|off)")) {
        String[] w = line.split("\\s+");
        booleans.put(w[0], w[1].equals("on"));
      } else if (!inBooleans && colon > 0) {
        String key = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        status.put(key, value);
        if (key.equals("Current mode") || (key.equals("SELinux status") && value.equals("disabled"))) {
          mode = word(value);
          modeLine = i + 1;
        }
      } else {
        unrecognized(warnings, file, i + 1, lines[i]);
      }
    }
    Form form = status.isEmpty() ? null : Form.SESTATUS;
    if (form != null && mode == null) {
      warnings.add(ParseWarning.of(file, 0, ParseWarning.Kind.UNRECOGNIZED,
          "sestatus without 'Current mode': the SELinux mode is unknown"));
    }
    return new Parsed<>(new Selinux(mode, form, modeLine, word(status.getOrDefault("Mode from config file", "")),
        status, booleans), warnings);
  }

  private static Mode word(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "enforcing" -> Mode.ENFORCING;
      case "permissive" -> Mode.PERMISSIVE;
      case "disabled" -> Mode.DISABLED;
      default -> null;
    };
  }

  private static void unrecognized(List<ParseWarning> warnings, String file, int line, String raw) {
    if (raw.isBlank()) return;
    warnings.add(new ParseWarning(file, line, ParseWarning.Kind.UNRECOGNIZED,
        "not getenforce, /sys/fs/selinux/enforce or sestatus output", raw.strip()));
  }
}
