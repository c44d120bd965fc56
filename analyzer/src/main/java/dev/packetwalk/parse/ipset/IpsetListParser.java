package dev.packetwalk.parse.ipset;

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
 * Reads {@code ipset list} (also {@code ipset list -o plain}).
 *
 * <pre>
 * Name: KUBE-CLUSTER-IP
 * Type: hash:ip,port
 * Revision: 7
 * Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x4a34b3ae
 * Size in memory: 360
 * References: 2
 * Number of entries: 1
 * Members:
 * 10.96.0.10,udp:53
 * </pre>
 *
 * yields {@code IpSet(KUBE-CLUSTER-IP, hash:ip,port, revision 7, header {family: inet, hashsize: 1024, ...},
 * references 2, declaredEntries 1, members=[Member(10.96.0.10,udp:53, parts [10.96.0.10, udp:53])])}.
 */
public final class IpsetListParser {

  public static final String PATH = "nodes/{node}/netfilter/ipset.txt";

  private static final Pattern FIELD = Pattern.compile("(Name|Type|Revision|Header|Size in memory|References"
      + "|Number of entries|Members|Initval):\\s*(.*)");
  /** Header words that are flags, not key/value pairs. */
  private static final Set<String> FLAGS = Set.of("comment", "counters", "skbinfo", "forceadd", "nomatch");

  private IpsetListParser() {}

  public static IpsetList parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpsetList.IpSet> sets = new ArrayList<>();
    Map<String, String> f = new LinkedHashMap<>();
    List<IpsetList.Member> members = new ArrayList<>();
    int setLine = 0;
    boolean inMembers = false;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      int n = i + 1;
      Matcher m = FIELD.matcher(l);
      if (l.isEmpty()) {
        continue;
      } else if (m.matches() && !(inMembers && !m.group(1).equals("Name"))) {
        if (m.group(1).equals("Name")) {
          if (!f.isEmpty()) {
            sets.add(set(f, members, setLine, file, warnings));
          }
          f = new LinkedHashMap<>();
          members = new ArrayList<>();
          setLine = n;
          inMembers = false;
        } else if (f.isEmpty()) {
          warnings.add(new ParseWarning(file, n, Kind.MALFORMED, "field before any 'Name:'", l));
          continue;
        }
        f.put(m.group(1), m.group(2).strip());
        inMembers = m.group(1).equals("Members");
      } else if (inMembers) {
        members.add(member(l, n));
      } else {
        warnings.add(new ParseWarning(file, n, Kind.UNRECOGNIZED, "line not understood", l));
      }
    }
    if (!f.isEmpty()) {
      sets.add(set(f, members, setLine, file, warnings));
    }
    return new IpsetList(file, sets, warnings);
  }

  private static IpsetList.IpSet set(Map<String, String> f, List<IpsetList.Member> members, int line, String file,
      List<ParseWarning> warnings) {
    Map<String, String> header = options(f.getOrDefault("Header", ""));
    int declared = (int) num(f.get("Number of entries"));
    if (declared >= 0 && declared != members.size()) {
      warnings.add(new ParseWarning(file, line, Kind.TRUNCATED, "set " + f.get("Name") + " declares " + declared
          + " entries but lists " + members.size(), ""));
    }
    return new IpsetList.IpSet(f.get("Name"), f.getOrDefault("Type", ""), (int) num(f.get("Revision")), header,
        num(f.get("Size in memory")), (int) num(f.get("References")), declared, members, line,
        f.containsKey("Members"));
  }

  private static IpsetList.Member member(String l, int n) {
    String[] first = l.split("\\s+", 2);
    Map<String, String> opts = options(first.length > 1 ? first[1] : "");
    return new IpsetList.Member(first[0], List.of(first[0].split(",")), opts, n);
  }

  /** {@code family inet hashsize 1024 comment timeout 300} → map; quoted values (comments) kept whole. */
  private static Map<String, String> options(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher w = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)").matcher(s);
    List<String> words = new ArrayList<>();
    while (w.find()) {
      words.add(w.group(1) != null ? w.group(1) : w.group(2));
    }
    for (int i = 0; i < words.size(); i++) {
      String k = words.get(i);
      if (FLAGS.contains(k) && (i + 1 >= words.size() || !k.equals("comment") || isKey(words.get(i + 1)))) {
        out.put(k, "");
      } else if (i + 1 < words.size()) {
        out.put(k, words.get(++i));
      } else {
        out.put(k, "");
      }
    }
    return out;
  }

  /** In a header, "comment" is a flag when followed by another option name. */
  private static boolean isKey(String w) {
    return Set.of("family", "hashsize", "maxelem", "bucketsize", "initval", "timeout", "counters", "skbinfo",
        "range", "netmask", "size", "forceadd", "markmask").contains(w);
  }

  private static long num(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
