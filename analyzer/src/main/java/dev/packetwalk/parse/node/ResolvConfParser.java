package dev.packetwalk.parse.node;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code /etc/resolv.conf}:
 *
 * <pre>
 * # comment
 * nameserver 10.96.0.10
 * search default.svc.cluster.local svc.cluster.local cluster.local
 * options ndots:5 timeout:2 single-request-reopen
 * </pre>
 *
 * gives {@code ResolvConf[nameservers=[10.96.0.10], search=[...], options={ndots=5, timeout=2,
 * single-request-reopen=}]}. As in glibc, the last {@code search}/{@code domain} line wins.
 */
public final class ResolvConfParser {
  public static final String PATH = "nodes/{node}/files/etc/resolv.conf";

  private ResolvConfParser() {}

  /** @param options option name to value ({@code ""} for bare options) */
  public record ResolvConf(List<String> nameservers, List<String> search, String domain, Map<String, String> options) {
    public ResolvConf {
      nameservers = List.copyOf(nameservers);
      search = List.copyOf(search);
      options = Map.copyOf(options);
    }

    public Integer ndots() {
      String v = options.get("ndots");
      return v == null || !v.matches("\\d{1,3}") ? null : Integer.valueOf(v);
    }
  }

  public static Parsed<ResolvConf> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<String> ns = new ArrayList<>();
    List<String> search = new ArrayList<>();
    String domain = null;
    Map<String, String> options = new LinkedHashMap<>();
    String[] lines = Lines.of(text);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String[] t = line.split("[ \\t]+");
      switch (t[0]) {
        case "nameserver" -> {
          if (t.length > 1) {
            ns.add(t[1]);
          }
        }
        case "search" -> {
          search = new ArrayList<>(List.of(t).subList(1, t.length));
          domain = null;
        }
        case "domain" -> {
          domain = t.length > 1 ? t[1] : null;
          search = domain == null ? new ArrayList<>() : new ArrayList<>(List.of(domain));
        }
        case "options" -> {
          for (int k = 1; k < t.length; k++) {
            int c = t[k].indexOf(':');
            options.put(c < 0 ? t[k] : t[k].substring(0, c), c < 0 ? "" : t[k].substring(c + 1));
          }
        }
        case "sortlist" -> { }
        default -> warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED,
            "unknown resolv.conf keyword '" + t[0] + "'", line));
      }
    }
    return new Parsed<>(new ResolvConf(ns, search, domain, options), warnings);
  }
}
