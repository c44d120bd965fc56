package dev.packetwalk.parse.iptables;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code iptables -t TABLE -nvL} / {@code ip6tables -t TABLE -nvL} output (sos report's
 * {@code firewall_tables/iptables_-t_nat_-nvL}).
 *
 * <pre>
 * Chain KUBE-POSTROUTING (1 references)
 *  pkts bytes target     prot opt in     out     source               destination
 *   516 32920 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000
 *    24  1440 MASQUERADE  all  --  *      *       0.0.0.0/0            0.0.0.0/0  /* kubernetes service traffic requiring SNAT *&#47; random-fully
 * </pre>
 *
 * yields {@code Chain(KUBE-POSTROUTING, references=1, rows=[Row(516/32920, RETURN, all, --, *, *, 0.0.0.0/0,
 * 0.0.0.0/0, details={mark match: "! 0x4000/0x4000"}), Row(24/1440, MASQUERADE, ..., details={comment: "kubernetes
 * service traffic requiring SNAT"})])}.
 *
 * <p>Columns are found by shape, not position: long target names push the columns right, ip6tables leaves the opt
 * column blank, and a rule without a target leaves the target column blank. The source and destination columns are
 * the first two adjacent address-shaped words; what comes before them is [target] prot [opt] in out.
 */
public final class IptablesListParser {

  public static final String PATH = "nodes/{node}/netfilter/iptables-{table}-nvL.txt";
  public static final String PATH_V6 = "nodes/{node}/netfilter/ip6tables-{table}-nvL.txt";
  private static final Set<String> TABLES = Set.of("raw", "mangle", "nat", "filter", "security");

  private static final Pattern CHAIN_POLICY = Pattern.compile(
      "Chain (\\S+) \\(policy (\\S+) (\\S+) packets, (\\S+) bytes\\)");
  private static final Pattern CHAIN_REFS = Pattern.compile("Chain (\\S+) \\((\\d+) references\\)");
  private static final Pattern ADDRESS = Pattern.compile("!?(?:[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(?:/\\d+)?");
  private static final Pattern OPT = Pattern.compile("--|-f|!f");
  private static final Pattern WORD = Pattern.compile("\\S+");
  private static final Pattern[] DETAILS = {
      Pattern.compile("/\\* (?<comment>.*?) \\*/"),
      Pattern.compile("\\b(?<key>dpts?|spts?):(?<neg>!)?(?<v>\\S+)"),
      Pattern.compile("\\b(?<key>multiport [ds]ports) (?<neg>! )?(?<v>\\S+)"),
      Pattern.compile("\\b(?<key>ctstate|state) (?<neg>! )?(?<v>\\S+)"),
      Pattern.compile("\\b(?<key>mark match) (?<neg>! )?(?<v>\\S+)"),
      Pattern.compile("\\b(?<key>to):(?<v>\\S+)"),
      Pattern.compile("\\bstatistic mode random (?<key>probability) (?<v>\\S+)"),
      Pattern.compile("\\bADDRTYPE match (?<key>dst-type|src-type) (?<neg>! )?(?<v>\\S+)"),
      Pattern.compile("\\b(?<neg>! )?(?<key>match-set) (?<v>\\S+ \\S+)")};

  private IptablesListParser() {}

  /** Parses with the table taken from the file name ({@code iptables_-t_nat_-nvL}, {@code iptables-nat-nvL}). */
  public static IptablesListing parse(String file, String text) {
    return parse(file, text, tableFromFileName(file));
  }

  public static IptablesListing parse(String file, String text, String table) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IptablesListing.Chain> chains = new ArrayList<>();
    String name = null;
    String policy = null;
    Counters policyCounters = null;
    int refs = -1;
    int chainLine = 0;
    List<IptablesListing.Row> rows = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int n = i + 1;
      Matcher p = CHAIN_POLICY.matcher(l.strip());
      Matcher r = CHAIN_REFS.matcher(l.strip());
      if (p.matches() || r.matches()) {
        if (name != null) {
          chains.add(new IptablesListing.Chain(name, policy, policyCounters, refs, chainLine, rows));
        }
        rows = new ArrayList<>();
        chainLine = n;
        if (p.matches()) {
          name = p.group(1);
          policy = p.group(2);
          policyCounters = new Counters(Counters.parseHuman(p.group(3)), Counters.parseHuman(p.group(4)),
              p.group(3).matches("\\d+") && p.group(4).matches("\\d+"));
          refs = -1;
        } else {
          name = r.group(1);
          policy = null;
          policyCounters = null;
          refs = Integer.parseInt(r.group(2));
        }
      } else if (l.isBlank() || l.strip().startsWith("pkts bytes target")) {
        continue;
      } else if (name == null) {
        warnings.add(new ParseWarning(file, n, Kind.UNRECOGNIZED, "line before any 'Chain' header", l));
      } else {
        IptablesListing.Row row = row(l, n);
        if (row == null) {
          warnings.add(new ParseWarning(file, n, Kind.UNRECOGNIZED, "rule row not understood", l));
        } else {
          rows.add(row);
        }
      }
    }
    if (name != null) {
      chains.add(new IptablesListing.Chain(name, policy, policyCounters, refs, chainLine, rows));
    }
    return new IptablesListing(file, table, chains, warnings);
  }

  /** {@code iptables_-t_nat_-nvL} → nat; null when the name does not say. */
  static String tableFromFileName(String file) {
    for (String part : file.replace('/', '_').split("[_.\\-]+")) {
      if (TABLES.contains(part)) {
        return part;
      }
    }
    return null;
  }

  private static IptablesListing.Row row(String l, int n) {
    List<String> words = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    Matcher w = WORD.matcher(l);
    while (w.find()) {
      words.add(w.group());
      ends.add(w.end());
    }
    if (words.size() < 7) {
      return null;
    }
    long pkts = Counters.parseHuman(words.get(0));
    long bytes = Counters.parseHuman(words.get(1));
    if (pkts < 0 || bytes < 0) {
      return null;
    }
    int src = -1;
    for (int k = 3; k + 1 < words.size(); k++) {
      if (ADDRESS.matcher(words.get(k)).matches() && ADDRESS.matcher(words.get(k + 1)).matches()) {
        src = k;
        break;
      }
    }
    if (src < 5) {
      return null;
    }
    List<String> head = words.subList(2, src - 2); // [target] prot [opt]
    String target = "";
    String prot;
    String opt = "";
    if (head.size() == 3) {
      target = head.get(0);
      prot = head.get(1);
      opt = head.get(2);
    } else if (head.size() == 2 && OPT.matcher(head.get(1)).matches()) {
      prot = head.get(0);
      opt = head.get(1);
    } else if (head.size() == 2) {
      target = head.get(0);
      prot = head.get(1);
    } else if (head.size() == 1) {
      prot = head.get(0);
    } else {
      return null;
    }
    String tail = l.substring(ends.get(src + 1)).strip();
    boolean exact = words.get(0).matches("\\d+") && words.get(1).matches("\\d+");
    return new IptablesListing.Row(new Counters(pkts, bytes, exact), target, prot, opt, words.get(src - 2),
        words.get(src - 1), words.get(src), words.get(src + 1), tail, details(tail), n, l);
  }

  private static Map<String, String> details(String tail) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher c = DETAILS[0].matcher(tail);
    String rest = tail;
    if (c.find()) {
      out.put("comment", c.group("comment"));
      rest = tail.substring(0, c.start()) + tail.substring(c.end()); // so "dpt:" inside a comment is not read
    }
    for (int k = 1; k < DETAILS.length; k++) {
      Matcher m = DETAILS[k].matcher(rest);
      if (m.find()) {
        boolean neg = DETAILS[k].pattern().contains("?<neg>") && m.group("neg") != null;
        out.put(m.group("key"), (neg ? "! " : "") + m.group("v"));
      }
    }
    return out;
  }
}
