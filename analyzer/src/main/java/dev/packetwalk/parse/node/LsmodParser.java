package dev.packetwalk.parse.node;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Parses the loaded kernel modules, as {@code lsmod} prints them or as {@code /proc/modules} holds them:
 *
 * <pre>
 * Module                  Size  Used by
 * bridge                176128  1 br_netfilter
 * br_netfilter           28672  0
 * </pre>
 *
 * <pre>
 * bridge 176128 1 br_netfilter, Live 0x0000000000000000
 * vboxdrv 516096 2 vboxnetadp,vboxnetflt, Live 0x0000000000000000 (OE)
 * </pre>
 *
 * Both give {@code Module[name=bridge, size=176128, useCount=1, usedBy=[br_netfilter], ...]}; the second form also
 * has the state ({@code Live}, {@code Loading}, {@code Unloading}) and taint flags. The header is optional (it is
 * {@code lsmod}'s, not the kernel's). Any other line is an UNRECOGNIZED warning.
 */
public final class LsmodParser {
  public static final String PATH = "nodes/{node}/kernel/lsmod.txt";

  private static final Set<String> STATES = Set.of("Live", "Loading", "Unloading");

  private LsmodParser() {}

  /**
   * One loaded module.
   *
   * @param useCount the reference count ({@code lsmod} prints a negative errno when it cannot read it)
   * @param usedBy the modules that depend on it; may include {@code [permanent]}-style markers
   * @param state {@code Live}/{@code Loading}/{@code Unloading} from {@code /proc/modules}, null from {@code lsmod}
   * @param taints {@code (OE)}-style taint flags from {@code /proc/modules}, or ""
   */
  public record Module(String name, long size, int useCount, List<String> usedBy, String state, String taints,
      int line) {
    public Module {
      usedBy = List.copyOf(usedBy);
    }
  }

  public static Parsed<List<Module>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<Module> out = new ArrayList<>();
    String[] lines = Lines.of(text);
    boolean first = true;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) continue;
      boolean header = first && line.startsWith("Module ") && line.contains("Size");
      first = false;
      if (header) continue;
      Module m = module(line.split("\\s+"), i + 1);
      if (m == null) {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED,
            "not an lsmod or /proc/modules line (name size use-count ...)", line));
      } else {
        out.add(m);
      }
    }
    return new Parsed<>(out, warnings);
  }

  private static Module module(String[] w, int line) {
    if (w.length < 3 || !w[1].matches("\\d{1,19}") || !w[2].matches("-?\\d{1,9}")) return null;
    long size = Long.parseLong(w[1]);
    int count = Integer.parseInt(w[2]);
    boolean proc = w.length >= 6 && STATES.contains(w[4]) && w[5].startsWith("0x");
    if (proc) {
      String taints = String.join(" ", Arrays.asList(w).subList(6, w.length));
      return new Module(w[0], size, count, users(w[3].equals("-") ? "" : w[3]), w[4], taints, line);
    }
    if (w.length > 4) return null; // lsmod prints the users as one comma-joined word
    return new Module(w[0], size, count, users(w.length > 3 ? w[3] : ""), null, "", line);
  }

  /** {@code a,b,} (the kernel's trailing comma) or {@code a,b} (lsmod's). */
  private static List<String> users(String list) {
    return Arrays.stream(list.split(",")).filter(s -> !s.isEmpty()).toList();
  }
}
