package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.KernelState;
import dev.packetwalk.model.node.Sysctls;
import dev.packetwalk.parse.node.LsmodParser;
import dev.packetwalk.parse.node.SelinuxParser;
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

  static List<KernelState.Module> modules(String file, List<LsmodParser.Module> modules) {
    return modules.stream().map(m -> new KernelState.Module(m.name(), SourceRef.line(file, m.line()))).toList();
  }

  /** The model's words for the mode; "" when the file does not say. */
  static String selinux(SelinuxParser.Selinux s) {
    if (s.mode() == null) return "";
    return switch (s.mode()) {
      case ENFORCING -> "Enforcing";
      case PERMISSIVE -> "Permissive";
      case DISABLED -> "Disabled";
    };
  }
}
