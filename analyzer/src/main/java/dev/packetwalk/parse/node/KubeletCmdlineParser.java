package dev.packetwalk.parse.node;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the running kubelet's command line: {@code /proc/PID/cmdline} as saved (NULs turned into newlines, one
 * argument per line), raw (NUL-separated), or typed on one line ({@code ps} output, a systemd {@code ExecStart}):
 *
 * <pre>
 * /usr/bin/kubelet
 * --config=/var/lib/kubelet/config.yaml
 * --cluster-dns
 * 169.254.20.10
 * </pre>
 *
 * gives {@code KubeletCmdline[program=/usr/bin/kubelet, flags=[Flag[name=config, value=/var/lib/kubelet/config.yaml,
 * line=2], Flag[name=cluster-dns, value=169.254.20.10, line=3]]]}. As in the kubelet's flag library, a flag takes
 * {@code --name=value} or {@code --name value}, except booleans, which stand alone. The kubelet takes no positional
 * arguments: any is an UNRECOGNIZED warning.
 */
public final class KubeletCmdlineParser {
  public static final String PATH = "nodes/{node}/kubelet/cmdline.txt";

  /** The flags that set a {@link KubeletConfigParser} field, by field; a flag given overrides the config file. */
  public static final Map<String, String> FLAG_OF_FIELD = Map.of(
      KubeletConfigParser.CLUSTER_DNS, "cluster-dns",
      KubeletConfigParser.CLUSTER_DOMAIN, "cluster-domain",
      KubeletConfigParser.HAIRPIN_MODE, "hairpin-mode",
      KubeletConfigParser.RESOLV_CONF, "resolv-conf",
      KubeletConfigParser.CGROUP_DRIVER, "cgroup-driver");

  /** Boolean kubelet flags: {@code --fail-swap-on false} leaves "false" a positional argument, as in the kubelet. */
  private static final Set<String> BOOLEANS = Set.of("anonymous-auth", "authentication-token-webhook",
      "fail-swap-on", "register-node", "register-schedulable", "rotate-certificates", "rotate-server-certificates",
      "serialize-image-pulls", "enable-server", "enable-debugging-handlers", "make-iptables-util-chains",
      "cgroups-per-qos", "enable-controller-attach-detach", "exit-on-lock-contention", "protect-kernel-defaults",
      "kernel-memcg-notification", "allow-privileged", "logtostderr", "alsologtostderr", "one-output",
      "skip-headers", "skip-log-headers", "add-dir-header", "version", "help");

  private KubeletCmdlineParser() {}

  /**
   * One flag as given.
   *
   * @param value the value, or null for a boolean flag given alone
   * @param line the line of the flag's name
   */
  public record Flag(String name, String value, int line) {}

  /** @param program the executable ({@code argv[0]}), or null when the text starts with a flag */
  public record KubeletCmdline(String program, List<Flag> flags) {
    public KubeletCmdline {
      flags = List.copyOf(flags);
    }

    /** The last occurrence of a flag: the one the kubelet keeps for a single-valued flag. */
    public Optional<Flag> last(String name) {
      Flag found = null;
      for (Flag f : flags) if (f.name().equals(name)) found = f;
      return Optional.ofNullable(found);
    }

    /** A list flag ({@code --cluster-dns=a,b}): the comma-separated values of every occurrence, in order. */
    public List<String> list(String name) {
      List<String> out = new ArrayList<>();
      for (Flag f : flags) {
        if (f.name().equals(name) && f.value() != null) {
          Arrays.stream(f.value().split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
      }
      return out;
    }
  }

  /** One argument and the line it starts on. */
  private record Arg(String text, int line) {}

  public static Parsed<KubeletCmdline> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<Arg> args = args(text);
    String program = null;
    int i = 0;
    if (!args.isEmpty() && !args.get(0).text().startsWith("-")) program = args.get(i++).text();
    List<Flag> flags = new ArrayList<>();
    for (; i < args.size(); i++) {
      Arg a = args.get(i);
      String s = a.text();
      if (s.equals("--")) {
        for (int k = i + 1; k < args.size(); k++) positional(warnings, file, args.get(k));
        break;
      }
      if (!s.startsWith("-") || s.equals("-")) {
        positional(warnings, file, a);
        continue;
      }
      String body = s.substring(s.startsWith("--") ? 2 : 1);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      if (name.isEmpty()) {
        warnings.add(new ParseWarning(file, a.line(), ParseWarning.Kind.MALFORMED, "a flag without a name", s));
        continue;
      }
      String value = eq < 0 ? null : body.substring(eq + 1);
      if (value == null && !BOOLEANS.contains(name) && i + 1 < args.size() && takesNext(args.get(i + 1).text())) {
        value = args.get(++i).text();
      }
      flags.add(new Flag(name, value, a.line()));
    }
    return new Parsed<>(new KubeletCmdline(program, flags), warnings);
  }

  /** A following argument is a value unless it is itself a flag; negative numbers ({@code -999}) are values. */
  private static boolean takesNext(String next) {
    return !next.startsWith("-") || next.matches("-\\d+(\\.\\d+)?");
  }

  private static void positional(List<ParseWarning> warnings, String file, Arg a) {
    warnings.add(new ParseWarning(file, a.line(), ParseWarning.Kind.UNRECOGNIZED,
        "not a flag: the kubelet takes no positional arguments", a.text()));
  }

  /**
   * NUL-separated when there are NULs; else one argument per line; a single line with blanks is a typed command
   * line and splits at the blanks.
   */
  private static List<Arg> args(String text) {
    List<Arg> out = new ArrayList<>();
    String[] lines = Lines.of(text);
    long nonBlank = Arrays.stream(lines).filter(l -> !l.isBlank()).count();
    boolean nul = text.indexOf('\0') >= 0;
    for (int i = 0; i < lines.length; i++) {
      String line = nul ? lines[i] : lines[i].strip();
      if (line.isEmpty()) continue;
      String[] parts = nul ? line.split("\0") : nonBlank == 1 ? line.split("\\s+") : new String[] {line};
      for (String p : parts) if (!p.isEmpty()) out.add(new Arg(p, i + 1));
    }
    return out;
  }
}
