package dev.packetwalk.parse.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one rule ({@code -A CHAIN ...}) into matches and a target, keeping everything it does not know generically.
 *
 * <p>Options ({@code --dport 80}) belong to the most recent {@code -m} module or target. The one exception is the
 * protocol: kube-proxy writes {@code -m tcp -p tcp -d X --dport 80}, real {@code iptables-save} writes
 * {@code -p tcp -m tcp --dport 80}, and old rules write {@code -p tcp --dport 80} with no {@code -m tcp} at all. In
 * all three the option lands on module {@code tcp}: an existing {@code -m tcp}, or else an implicit one, because that
 * is what iptables itself does when {@code -p} names a protocol with options.
 */
final class RuleLineParser {

  /** Built-in verdicts and extension targets; anything else after {@code -j} is taken to be a user chain. */
  static final Set<String> EXTENSION_TARGETS = Set.of("ACCEPT", "DROP", "RETURN", "QUEUE", "REJECT", "DNAT", "SNAT",
      "MASQUERADE", "REDIRECT", "NETMAP", "MARK", "CONNMARK", "LOG", "NFLOG", "ULOG", "NOTRACK", "CT", "TPROXY",
      "TCPMSS", "TOS", "DSCP", "CLASSIFY", "NFQUEUE", "SET", "TRACE", "AUDIT", "CHECKSUM", "CLUSTERIP", "HMARK",
      "IDLETIMER", "LED", "RATEEST", "SECMARK", "CONNSECMARK", "SYNPROXY", "TEE", "TTL", "HL", "ECN", "TCPOPTSTRIP",
      "CONNLIMIT");

  private static final Map<String, String> IMPLICIT = Map.ofEntries(
      Map.entry("-s", "source"), Map.entry("--source", "source"), Map.entry("--src", "source"),
      Map.entry("-d", "destination"), Map.entry("--destination", "destination"), Map.entry("--dst", "destination"),
      Map.entry("-p", "protocol"), Map.entry("--protocol", "protocol"),
      Map.entry("-i", "in-interface"), Map.entry("--in-interface", "in-interface"),
      Map.entry("-o", "out-interface"), Map.entry("--out-interface", "out-interface"),
      Map.entry("-f", "fragment"), Map.entry("--fragment", "fragment"));

  private static final Map<String, Character> COMMANDS = Map.of("-A", 'A', "--append", 'A', "-I", 'I', "--insert",
      'I', "-D", 'D', "--delete", 'D', "-R", 'R', "--replace", 'R');

  /** Result: the rule, or null with a reason; plus non-fatal problems. */
  record Result(IptablesRule rule, String error, List<String> problems) {}

  /** Collects a match or target while its options are read. */
  private static final class Holder {
    final String name;
    final boolean implicit;
    final boolean target;
    final boolean isGoto;
    final Map<String, List<String>> options = new LinkedHashMap<>();
    final Set<String> negated = new LinkedHashSet<>();

    Holder(String name, boolean implicit, boolean target, boolean isGoto) {
      this.name = name;
      this.implicit = implicit;
      this.target = target;
      this.isGoto = isGoto;
    }

    void put(String opt, List<String> values, boolean neg) {
      options.computeIfAbsent(opt, k -> new ArrayList<>()).addAll(values);
      if (neg) {
        negated.add(opt);
      }
    }
  }

  private RuleLineParser() {}

  static boolean isRuleCommand(String firstWord) {
    return COMMANDS.containsKey(firstWord);
  }

  static Result parse(String text, Counters prefixCounters, int line) {
    List<Words.Word> w = Words.split(text);
    if (w == null) {
      return new Result(null, "unterminated quote", List.of());
    }
    if (w.size() < 2 || !COMMANDS.containsKey(w.get(0).text())) {
      return new Result(null, "not a rule command", List.of());
    }
    char command = COMMANDS.get(w.get(0).text());
    String chain = w.get(1).text();
    int i = 2;
    int position = 0;
    if (command != 'A' && i < w.size() && !w.get(i).text().isEmpty() && w.get(i).text().chars()
        .allMatch(Character::isDigit)) {
      position = Integer.parseInt(w.get(i++).text());
    }
    List<Holder> matches = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Holder holder = null;
    Holder target = null;
    Counters counters = prefixCounters;
    boolean neg = false;
    while (i < w.size()) {
      Words.Word word = w.get(i);
      String t = word.text();
      if (word.is("!")) {
        neg = true;
        i++;
        continue;
      }
      String implicitName = word.quoted() ? null : IMPLICIT.get(t);
      if (implicitName != null) {
        Holder m = new Holder(implicitName, true, false, false);
        i++;
        List<String> values = new ArrayList<>();
        if (!implicitName.equals("fragment") && i < w.size()) {
          if (w.get(i).is("!")) { // old style: -s ! 10.0.0.0/8
            neg = true;
            i++;
          }
          if (i < w.size()) {
            values.add(w.get(i++).text());
          }
        }
        m.put(implicitName, values, neg);
        neg = false;
        matches.add(m);
        if (implicitName.equals("protocol")) {
          holder = m;
        }
      } else if (word.is("-m") || word.is("--match")) {
        if (i + 1 >= w.size()) {
          problems.add("-m without a module name");
          i++;
          continue;
        }
        holder = new Holder(w.get(i + 1).text(), false, false, false);
        matches.add(holder);
        i += 2;
      } else if (word.is("-j") || word.is("--jump") || word.is("-g") || word.is("--goto")) {
        if (i + 1 >= w.size()) {
          problems.add(t + " without a target");
          i++;
          continue;
        }
        if (target != null) {
          problems.add("second target " + w.get(i + 1).text() + " ignored");
        } else {
          target = new Holder(w.get(i + 1).text(), false, true, t.startsWith("-g") || t.equals("--goto"));
        }
        holder = target;
        i += 2;
      } else if ((word.is("-c") || word.is("--set-counters")) && i + 2 < w.size()) {
        try {
          counters = new Counters(Long.parseLong(w.get(i + 1).text()), Long.parseLong(w.get(i + 2).text()), true);
        } catch (NumberFormatException e) {
          problems.add("bad -c counters");
        }
        i += 3;
      } else if (word.isOption()) {
        String name = t.startsWith("--") ? t.substring(2) : t.substring(1); // no regex: this runs per option
        i++;
        if (i < w.size() && w.get(i).is("!")) { // old style: --ctstate ! NEW
          neg = true;
          i++;
        }
        List<String> values = new ArrayList<>();
        while (i < w.size() && !w.get(i).isOption() && !w.get(i).is("!")) {
          values.add(w.get(i++).text());
        }
        receiver(holder, matches, problems, name).put(name, values, neg);
        neg = false;
      } else {
        problems.add("stray word '" + t + "' kept in raw text only");
        i++;
      }
    }
    if (neg) {
      problems.add("'!' at end of rule");
    }
    List<IptablesMatch> built = matches.stream()
        .map(h -> new IptablesMatch(h.name, h.implicit, h.options, h.negated)).toList();
    IptablesTarget tgt = target == null ? null : new IptablesTarget(target.name, target.isGoto, target.options);
    return new Result(new IptablesRule(command, chain, position, built, tgt, counters, line, text), null, problems);
  }

  /** Where an option goes; see the class comment for the protocol rule. */
  private static Holder receiver(Holder holder, List<Holder> matches, List<String> problems, String option) {
    if (holder == null) {
      problems.add("option --" + option + " before any -m/-p/-j; kept under module '?'");
      Holder orphan = matches.stream().filter(h -> h.name.equals("?")).findFirst().orElse(null);
      if (orphan == null) {
        orphan = new Holder("?", true, false, false);
        matches.add(orphan);
      }
      return orphan;
    }
    if (holder.implicit && holder.name.equals("protocol")) {
      String proto = holder.options.get("protocol").isEmpty() ? "?" : holder.options.get("protocol").get(0);
      for (Holder h : matches) {
        if (!h.target && h.name.equals(proto) && !h.name.equals("protocol")) {
          return h;
        }
      }
      Holder implicitModule = new Holder(proto, true, false, false);
      matches.add(matches.indexOf(holder) + 1, implicitModule);
      return implicitModule;
    }
    return holder;
  }
}
