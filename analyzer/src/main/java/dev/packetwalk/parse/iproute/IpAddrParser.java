package dev.packetwalk.parse.iproute;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code ip addr}, {@code ip -d addr} and {@code ip -o addr} text.
 *
 * <pre>
 * Message truncated
 * 2: ens3: &lt;BROADCAST,MULTICAST,UP,LOWER_UP&gt; mtu 8958 qdisc fq_codel state UP group default qlen 1000
 *     link/ether fa:16:3e:1f:96:bd brd ff:ff:ff:ff:ff:ff
 *     inet 10.6.3.201/16 brd 10.6.255.255 scope global dynamic ens3
 *        valid_lft 84872sec preferred_lft 84872sec
 * </pre>
 *
 * gives one UNRECOGNIZED warning for line 1 and {@code IpAddrInterface[link=IpLink[2, ens3, ...], addresses=[
 * IpAddress[family=inet, local=10.6.3.201, prefixLength=16, broadcast=10.6.255.255, scope=global, flags=[dynamic],
 * label=ens3, validLft=84872sec, ...]]]}.
 */
public final class IpAddrParser {
  /** Bundle path (text form, {@code ip -d addr}). */
  public static final String PATH = "nodes/{node}/iproute/ip-d-addr.txt";

  /** Address flags iproute2 prints after the scope ({@code format_ifa_flags} in ipaddress.c). */
  static final Set<String> FLAGS = Set.of("secondary", "primary", "temporary", "dynamic", "noprefixroute",
      "mngtmpaddr", "nodad", "optimistic", "tentative", "deprecated", "dadfailed", "home", "permanent",
      "stable-privacy", "autojoin", "any");

  /** {@code ip -o addr}: {@code 2: ens3    inet 10.6.3.201/16 ... \       valid_lft ...}. */
  private static final Pattern ONELINE = Pattern.compile("^(\\d+):\\s+(\\S+)\\s+(inet6?\\s.*)$");

  private IpAddrParser() {}

  public static Parsed<List<IpAddrInterface>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpAddrInterface> out = new ArrayList<>();
    String[] lines = Numbers.lines(text);
    LinkText.Builder link = null;
    List<IpAddress> addrs = new ArrayList<>();
    Map<Integer, Integer> onelineIndex = new LinkedHashMap<>(); // ifindex -> position in out
    for (int i = 0; i < lines.length; ) {
      String line = lines[i];
      if (line.isBlank()) {
        i++;
        continue;
      }
      Matcher one = ONELINE.matcher(line);
      if (one.matches()) {
        if (link != null) {
          out.add(new IpAddrInterface(link.build(), addrs));
          link = null;
          addrs = new ArrayList<>();
        }
        oneline(one, i + 1, file, warnings, out, onelineIndex);
        i++;
        continue;
      }
      LinkText.Builder header = LinkText.header(line, i + 1);
      if (header != null) {
        if (link != null) {
          out.add(new IpAddrInterface(link.build(), addrs));
        }
        link = header;
        addrs = new ArrayList<>();
        i++;
        continue;
      }
      String first = line.isEmpty() || !Character.isWhitespace(line.charAt(0)) ? "" : Numbers.tokens(line)[0];
      if (link != null && (first.equals("inet") || first.equals("inet6"))) {
        IpAddress a = address(Numbers.tokens(line), i + 1, link.name, file, warnings, line);
        if (a != null) {
          addrs.add(a);
        }
        i++;
      } else if (link != null && first.equals("valid_lft") && !addrs.isEmpty()) {
        addrs.set(addrs.size() - 1, lifetimes(addrs.get(addrs.size() - 1), Numbers.tokens(line)));
        i++;
      } else {
        int used = link == null || first.isEmpty() ? 0 : LinkText.consume(lines, i, link, file, warnings);
        if (used == 0) {
          warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED,
              "line not understood in ip addr output", line));
          used = 1;
        }
        i += used;
      }
    }
    if (link != null) {
      out.add(new IpAddrInterface(link.build(), addrs));
    }
    return new Parsed<>(List.copyOf(out), warnings);
  }

  private static void oneline(Matcher m, int lineNo, String file, List<ParseWarning> warnings,
      List<IpAddrInterface> out, Map<Integer, Integer> index) {
    int ifindex = Integer.parseInt(m.group(1));
    String name = m.group(2);
    String[] parts = m.group(3).split("\\\\");
    String[] tokens = Numbers.tokens(parts[0]);
    IpAddress a = address(tokens, lineNo, name, file, warnings, m.group(0));
    if (a == null) {
      return;
    }
    for (int k = 1; k < parts.length; k++) {
      String[] t = Numbers.tokens(parts[k]);
      if (t.length > 0 && t[0].equals("valid_lft")) {
        a = lifetimes(a, t);
      }
    }
    Integer pos = index.get(ifindex);
    if (pos == null) {
      LinkText.Builder b = new LinkText.Builder();
      b.ifindex = ifindex;
      b.name = name;
      b.line = lineNo;
      index.put(ifindex, out.size());
      out.add(new IpAddrInterface(b.build(), List.of(a)));
    } else {
      IpAddrInterface prev = out.get(pos);
      List<IpAddress> all = new ArrayList<>(prev.addresses());
      all.add(a);
      out.set(pos, new IpAddrInterface(prev.link(), all));
    }
  }

  /** {@code inet ADDR[/LEN] [peer ADDR/LEN] [brd B] [scope S] [metric M] [flags...] [label]}. */
  static IpAddress address(String[] t, int lineNo, String ifname, String file, List<ParseWarning> warnings,
      String raw) {
    if (t.length < 2) {
      warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.MALFORMED, "address line without address", raw));
      return null;
    }
    String family = t[0];
    String local = t[1];
    Integer prefix = null;
    int slash = local.indexOf('/');
    if (slash > 0) {
      prefix = Numbers.parseInt(local.substring(slash + 1));
      local = local.substring(0, slash);
    }
    String peer = null;
    String brd = null;
    String scope = null;
    String label = null;
    List<String> flags = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    for (int k = 2; k < t.length; k++) {
      String w = t[k];
      boolean hasNext = k + 1 < t.length;
      switch (w) {
        case "peer" -> {
          if (hasNext) {
            String p = t[++k];
            int s = p.indexOf('/');
            peer = s > 0 ? p.substring(0, s) : p;
            if (s > 0) {
              prefix = Numbers.parseInt(p.substring(s + 1));
            }
          }
        }
        case "brd" -> brd = hasNext ? t[++k] : null;
        case "scope" -> scope = hasNext ? t[++k] : null;
        case "metric", "proto" -> {
          if (hasNext) {
            options.put(w, t[++k]);
          }
        }
        default -> {
          if (FLAGS.contains(w)) {
            flags.add(w);
          } else if (family.equals("inet") && k == t.length - 1) {
            label = w; // inet lines end with the label; the kernel requires it to start with the device name
          } else {
            flags.add(w);
            warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.UNRECOGNIZED,
                "unknown address keyword '" + w + "' kept as a flag", raw));
          }
        }
      }
    }
    return new IpAddress(family, local, prefix, peer, brd, scope, flags, label, null, null, options, lineNo);
  }

  private static IpAddress lifetimes(IpAddress a, String[] t) {
    String valid = null;
    String preferred = null;
    for (int k = 0; k + 1 < t.length; k += 2) {
      if (t[k].equals("valid_lft")) {
        valid = t[k + 1];
      } else if (t[k].equals("preferred_lft")) {
        preferred = t[k + 1];
      }
    }
    return new IpAddress(a.family(), a.local(), a.prefixLength(), a.peer(), a.broadcast(), a.scope(), a.flags(),
        a.label(), valid, preferred, a.options(), a.line());
  }
}
