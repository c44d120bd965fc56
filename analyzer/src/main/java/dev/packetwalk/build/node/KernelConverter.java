package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.KernelState;
import dev.packetwalk.model.node.Sysctls;
import dev.packetwalk.parse.ParseWarning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code sysctl -a} values with their lines, {@code lsmod} and the SELinux mode. */
final class KernelConverter {
  private KernelConverter() {}

  /**
   * Values from the parser, lines from the text: the parser keeps values only, and a finding must cite the line
   * ({@code net.ipv4.ip_forward = 0}) that says so.
   */
  static Sysctls sysctls(String file, String text, Map<String, String> values) {
    Map<String, Integer> lineOf = new HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int eq = lines[i].indexOf(" =");
      if (eq > 0) lineOf.putIfAbsent(lines[i].substring(0, eq).strip(), i + 1);
    }
    Map<String, Sysctls.Sysctl> out = new HashMap<>();
    values.forEach((k, v) -> out.put(k, new Sysctls.Sysctl(k, v, SourceRef.line(file, lineOf.getOrDefault(k, 0)))));
    return new Sysctls(out);
  }

  /** {@code lsmod}: a header line, then {@code name size usecount [users]}; the name is all that matters here. */
  static List<KernelState.Module> modules(String file, String text, List<ParseWarning> warnings) {
    List<KernelState.Module> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || (i == 0 && l.startsWith("Module"))) continue;
      String[] w = l.split("\\s+");
      if (w.length < 2 || !w[1].chars().allMatch(Character::isDigit)) {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED, "not an lsmod line", l));
        continue;
      }
      out.add(new KernelState.Module(w[0], SourceRef.line(file, i + 1)));
    }
    return out;
  }

  /** {@code getenforce} prints a word; a copy of {@code /sys/fs/selinux/enforce} holds 1 or 0. */
  static String selinux(String text) {
    String s = text.strip().lines().findFirst().orElse("").strip();
    return switch (s) {
      case "1" -> "Enforcing";
      case "0" -> "Permissive";
      default -> s;
    };
  }
}
