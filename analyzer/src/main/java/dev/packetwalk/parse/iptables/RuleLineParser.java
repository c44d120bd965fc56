package dev.packetwalk.parse.iptables;

import java.util.ArrayList;
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

  /**
   * Result: the rule, or null with a reason; plus non-fatal problems. {@code unresolvedTarget}: the rule jumps to a
   * name that is neither an extension target nor a chain declared so far, so the end of the table must check it.
   */
  record Result(IptablesRule rule, String error, List<String> problems, boolean unresolvedTarget) {
    Result(IptablesRule rule, String error, List<String> problems) {
      this(rule, error, problems, false);
    }
  }

  /**
   * Collects a match or target while its options are read. Pooled: a parser reuses its holders from rule to rule,
   * so reading a rule allocates only what the finished records keep.
   */
  private static final class Holder {
    String name;
    boolean implicit;
    boolean target;
    boolean isGoto;
    String[] keys = new String[4];
    @SuppressWarnings("unchecked")
    List<String>[] values = new List[4];
    int size;
    String[] negated = new String[2];
    int negatedSize;

    Holder reset(String name, boolean implicit, boolean target, boolean isGoto) {
      this.name = name;
      this.implicit = implicit;
      this.target = target;
      this.isGoto = isGoto;
      java.util.Arrays.fill(keys, 0, size, null);
      java.util.Arrays.fill(values, 0, size, null);
      size = 0;
      negatedSize = 0;
      return this;
    }

    List<String> get(String opt) {
      for (int k = 0; k < size; k++) {
        if (keys[k].equals(opt)) {
          return values[k];
        }
      }
      return null;
    }

    /** Adds values to an option (a repeated option accumulates), and remembers a negation. */
    void put(String opt, List<String> vals, boolean neg) {
      int k = 0;
      while (k < size && !keys[k].equals(opt)) {
        k++;
      }
      if (k == size) {
        if (size == keys.length) {
          keys = java.util.Arrays.copyOf(keys, size * 2);
          values = java.util.Arrays.copyOf(values, size * 2);
        }
        keys[k] = opt;
        values[k] = vals;
        size++;
      } else if (!vals.isEmpty()) {
        List<String> merged = new ArrayList<>(values[k]);
        merged.addAll(vals);
        values[k] = List.copyOf(merged);
      }
      if (neg) {
        for (int j = 0; j < negatedSize; j++) {
          if (negated[j].equals(opt)) {
            return;
          }
        }
        if (negatedSize == negated.length) {
          negated = java.util.Arrays.copyOf(negated, negatedSize * 2);
        }
        negated[negatedSize++] = opt;
      }
    }

    /** Hash of name, options and negations (String hashes are cached by the strings themselves). */
    int hash() {
      int x = name.hashCode();
      for (int k = 0; k < size; k++) {
        x = 31 * x + keys[k].hashCode();
        List<String> v = values[k];
        for (int j = 0, n = v.size(); j < n; j++) {
          x = 31 * x + v.get(j).hashCode();
        }
        x = 31 * x + v.size();
      }
      for (int j = 0; j < negatedSize; j++) {
        x += negated[j].hashCode() * 17; // order-free, like the set it becomes
      }
      return x;
    }

    boolean sameOptions(Map<String, List<String>> m) {
      if (!(m instanceof OptionMap o) || o.size() != size) {
        return false;
      }
      for (int k = 0; k < size; k++) {
        if (!keys[k].equals(o.keyAt(k)) || !values[k].equals(o.valueAt(k))) {
          return false;
        }
      }
      return true;
    }

    boolean sameNegated(Set<String> s) {
      if (s.size() != negatedSize) {
        return false;
      }
      for (int j = 0; j < negatedSize; j++) {
        if (!s.contains(negated[j])) {
          return false;
        }
      }
      return true;
    }

    Map<String, List<String>> options() {
      return OptionMap.of(keys, values, size);
    }

    Set<String> negatedSet() {
      return switch (negatedSize) {
        case 0 -> Set.of();
        case 1 -> Set.of(negated[0]);
        default -> Set.of(java.util.Arrays.copyOf(negated, negatedSize));
      };
    }
  }

  /** The chains of the table being read: names a rule mentions become the declared name's one instance. */
  interface Chains {
    /** The declared chain name equal to {@code name} (one instance per chain), or null if none is declared yet. */
    String declared(String name);
  }

  private final Names names;
  private final Chains chains;
  private final Words w = new Words();
  private Holder[] pool = new Holder[8];
  private int pooled;
  /** Matches of the rule being read, in order. */
  private Holder[] matches = new Holder[8];
  private int matchCount;
  private List<String> problems;
  /**
   * Matches and targets are immutable values, and most recur in thousands of rules ({@code -p tcp}, {@code -m tcp
   * --dport 80}, {@code -m statistic --mode random --probability 0.5}, {@code -j KUBE-MARK-MASQ}, the comment shared
   * by a SEP chain's two rules): a direct-mapped cache hands out one instance per distinct value. Slots are simply
   * overwritten, so unique values (addresses, most comments) cost one probe and nothing else.
   */
  private static final int SHARED_SLOTS = 1 << 12;
  private final Object[] shared = new Object[SHARED_SLOTS];
  private final int[] sharedHash = new int[SHARED_SLOTS];
  private final String[] valueBuf = new String[8];

  RuleLineParser(Names names, Chains chains) {
    this.names = names;
    this.chains = chains;
  }

  static boolean isRuleCommand(String firstWord) {
    return COMMANDS.containsKey(firstWord);
  }

  private Holder holder(String name, boolean implicit, boolean target, boolean isGoto) {
    if (pooled == pool.length) {
      pool = java.util.Arrays.copyOf(pool, pooled * 2);
    }
    Holder h = pool[pooled];
    if (h == null) {
      h = pool[pooled] = new Holder();
    }
    pooled++;
    return h.reset(name, implicit, target, isGoto);
  }

  private void addMatch(int at, Holder h) {
    if (matchCount == matches.length) {
      matches = java.util.Arrays.copyOf(matches, matchCount * 2);
    }
    System.arraycopy(matches, at, matches, at + 1, matchCount - at);
    matches[at] = h;
    matchCount++;
  }

  private void problem(String p) {
    if (problems == null) {
      problems = new ArrayList<>();
    }
    problems.add(p);
  }

  /** Values from word {@code from} up to {@code to}, as an immutable list. */
  private List<String> values(int from, int to) {
    int n = to - from;
    switch (n) {
      case 0:
        return List.of();
      case 1:
        return List.of(w.text(from, names));
      case 2:
        return List.of(w.text(from, names), w.text(from + 1, names));
      default:
        String[] v = n <= valueBuf.length ? valueBuf : new String[n];
        for (int k = 0; k < n; k++) {
          v[k] = w.text(from + k, names);
        }
        return List.of(java.util.Arrays.copyOf(v, n));
    }
  }

  /** Parses the rule {@code src[from, to)} (a line without its counter prefix). */
  Result parse(String src, int from, int to, Counters prefixCounters, int line) {
    if (!w.split(src, from, to)) {
      return new Result(null, "unterminated quote", List.of());
    }
    int size = w.size();
    if (size < 2) {
      return new Result(null, "not a rule command", List.of());
    }
    Character cmd = COMMANDS.get(w.text(0, names));
    if (cmd == null) {
      return new Result(null, "not a rule command", List.of());
    }
    pooled = 0;
    matchCount = 0;
    problems = null;
    char command = cmd;
    String chain = w.text(1, names);
    String declaredChain = chains.declared(chain);
    if (declaredChain != null) {
      chain = declaredChain;
    }
    boolean unresolved = false;
    int i = 2;
    int position = 0;
    if (command != 'A' && i < size && w.length(i) > 0 && allDigits(i)) {
      position = Integer.parseInt(w.text(i++, names));
    }
    Holder holder = null;
    Holder target = null;
    Counters counters = prefixCounters;
    boolean neg = false;
    while (i < size) {
      if (w.is(i, "!")) {
        neg = true;
        i++;
        continue;
      }
      boolean q = w.quoted(i);
      String implicitName = q || w.length(i) == 0 || w.charAt(i, 0) != '-' ? null : IMPLICIT.get(w.text(i, names));
      if (implicitName != null) {
        Holder m = holder(implicitName, true, false, false);
        i++;
        List<String> vals = List.of();
        if (!implicitName.equals("fragment") && i < size) {
          if (w.is(i, "!")) { // old style: -s ! 10.0.0.0/8
            neg = true;
            i++;
          }
          if (i < size) {
            vals = List.of(w.text(i++, names));
          }
        }
        m.put(implicitName, vals, neg);
        neg = false;
        addMatch(matchCount, m);
        if (implicitName.equals("protocol")) {
          holder = m;
        }
      } else if (w.is(i, "-m") || w.is(i, "--match")) {
        if (i + 1 >= size) {
          problem("-m without a module name");
          i++;
          continue;
        }
        holder = holder(w.text(i + 1, names), false, false, false);
        addMatch(matchCount, holder);
        i += 2;
      } else if (w.is(i, "-j") || w.is(i, "--jump") || w.is(i, "-g") || w.is(i, "--goto")) {
        if (i + 1 >= size) {
          problem(w.text(i, names) + " without a target");
          i++;
          continue;
        }
        if (target != null) {
          problem("second target " + w.text(i + 1, names) + " ignored");
        } else {
          String name = w.text(i + 1, names);
          if (!EXTENSION_TARGETS.contains(name)) {
            String declared = chains.declared(name);
            unresolved = declared == null;
            name = unresolved ? name : declared;
          }
          target = holder(name, false, true, w.is(i, "-g") || w.is(i, "--goto"));
        }
        holder = target;
        i += 2;
      } else if ((w.is(i, "-c") || w.is(i, "--set-counters")) && i + 2 < size) {
        try {
          counters = new Counters(Long.parseLong(w.text(i + 1, names)), Long.parseLong(w.text(i + 2, names)), true);
        } catch (NumberFormatException e) {
          problem("bad -c counters");
        }
        i += 3;
      } else if (w.isOption(i)) {
        String name = w.text(i, w.charAt(i, 1) == '-' ? 2 : 1, names);
        i++;
        if (i < size && w.is(i, "!")) { // old style: --ctstate ! NEW
          neg = true;
          i++;
        }
        int v = i;
        while (i < size && !w.isOption(i) && !w.is(i, "!")) {
          i++;
        }
        receiver(holder, name).put(name, values(v, i), neg);
        neg = false;
      } else {
        problem("stray word '" + w.text(i, names) + "' kept in raw text only");
        i++;
      }
    }
    if (neg) {
      problem("'!' at end of rule");
    }
    IptablesMatch[] built = new IptablesMatch[matchCount];
    for (int k = 0; k < matchCount; k++) {
      built[k] = match(matches[k]);
    }
    IptablesTarget tgt = target == null ? null : target(target);
    java.util.Arrays.fill(matches, 0, matchCount, null);
    IptablesRule rule = new IptablesRule(command, chain, position, List.of(built), tgt, counters, line,
        src.substring(from, to));
    return new Result(rule, null, problems == null ? List.of() : problems, unresolved);
  }

  private IptablesMatch match(Holder h) {
    int hash = h.hash() * 31 + (h.implicit ? 1 : 2);
    int slot = slot(hash);
    if (sharedHash[slot] == hash && shared[slot] instanceof IptablesMatch m && m.implicit() == h.implicit
        && m.module().equals(h.name) && h.sameOptions(m.options()) && h.sameNegated(m.negatedOptions())) {
      return m;
    }
    IptablesMatch m = new IptablesMatch(h.name, h.implicit, h.options(), h.negatedSet());
    shared[slot] = m;
    sharedHash[slot] = hash;
    return m;
  }

  private IptablesTarget target(Holder h) {
    int hash = h.hash() * 31 + (h.isGoto ? 3 : 4);
    int slot = slot(hash);
    if (sharedHash[slot] == hash && shared[slot] instanceof IptablesTarget t && t.isGoto() == h.isGoto
        && t.name().equals(h.name) && h.sameOptions(t.options())) {
      return t;
    }
    IptablesTarget t = new IptablesTarget(h.name, h.isGoto, h.options());
    shared[slot] = t;
    sharedHash[slot] = hash;
    return t;
  }

  private static int slot(int hash) {
    return (hash ^ (hash >>> 12) ^ (hash >>> 20)) & (SHARED_SLOTS - 1);
  }

  private boolean allDigits(int i) {
    for (int k = 0, n = w.length(i); k < n; k++) {
      if (!Character.isDigit(w.charAt(i, k))) {
        return false;
      }
    }
    return true;
  }

  /** Where an option goes; see the class comment for the protocol rule. */
  private Holder receiver(Holder holder, String option) {
    if (holder == null) {
      problem("option --" + option + " before any -m/-p/-j; kept under module '?'");
      for (int k = 0; k < matchCount; k++) {
        if (matches[k].name.equals("?")) {
          return matches[k];
        }
      }
      Holder orphan = holder("?", true, false, false);
      addMatch(matchCount, orphan);
      return orphan;
    }
    if (holder.implicit && holder.name.equals("protocol")) {
      List<String> p = holder.get("protocol");
      String proto = p.isEmpty() ? "?" : p.get(0);
      int at = -1;
      for (int k = 0; k < matchCount; k++) {
        Holder h = matches[k];
        if (!h.target && h.name.equals(proto) && !h.name.equals("protocol")) {
          return h;
        }
        if (h == holder) {
          at = k;
        }
      }
      Holder implicitModule = holder(proto, true, false, false);
      addMatch(at + 1, implicitModule);
      return implicitModule;
    }
    return holder;
  }
}
