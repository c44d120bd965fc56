package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.parse.nft.NftChain;
import dev.packetwalk.parse.nft.NftElement;
import dev.packetwalk.parse.nft.NftRule;
import dev.packetwalk.parse.nft.NftSet;
import dev.packetwalk.parse.nft.NftTable;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Walks one nft base chain for one packet: rules in order, {@code jump}/{@code goto}/{@code return}, verdict maps,
 * {@code numgen} fan-out, mark and NAT statements. Rules are read into terms on first use and kept.
 */
final class NftWalk {

  /** Chains deeper than this are taken for a loop: nft itself refuses more than 16 jumps, ours is generous. */
  private static final int MAX_DEPTH = 64;

  /** How a walk through a chain ended. {@code NEXT} is internal: the rule ended without a verdict. */
  enum End { NEXT, RETURN, ACCEPT, DROP, REJECT, UNKNOWN }

  /** The packet and what happened to it so far on one branch. */
  record State(Packet packet, long ctmark, boolean dnatted, double probability, List<String> choices,
      List<Step> steps, List<String> path) {

    State with(Packet p) {
      return new State(p, ctmark, dnatted, probability, choices, steps, path);
    }

    State step(Step s) {
      List<Step> l = new ArrayList<>(steps);
      l.add(s);
      return new State(packet, ctmark, dnatted, probability, choices, l, path);
    }

    State enter(String where) {
      List<String> l = new ArrayList<>(path);
      l.add(where);
      return new State(packet, ctmark, dnatted, probability, choices, steps, l);
    }

    State choose(String choice, double p) {
      List<String> l = new ArrayList<>(choices);
      l.add(choice);
      return new State(packet, ctmark, dnatted, probability * p, l, steps, path);
    }
  }

  record Result(State state, End end, String reason, SourceRef evidence, Disposition disposition) {
    static Result of(State s, End e) {
      return new Result(s, e, "", SourceRef.NONE, null);
    }
  }

  /** One table's rules, read once. */
  private final class Compiled {
    final NftTable table;
    final String label;
    final Map<String, NftChain> chains = new LinkedHashMap<>();
    final Map<NftRule, List<NftTerm>> terms = new ConcurrentHashMap<>();
    final Map<String, NftSetIndex> indexes = new ConcurrentHashMap<>();

    Compiled(NftTable t) {
      table = t;
      label = t.family() + " " + t.name();
      t.chains().forEach(c -> chains.put(c.name(), c));
    }
  }

  private final String file;
  private final HostView host;
  private final Map<NftTable, Compiled> compiled = new ConcurrentHashMap<>();

  NftWalk(String file, HostView host) {
    this.file = file == null ? "" : file;
    this.host = host;
  }

  /** Walks a base chain; RETURN results have fallen off its end (the caller applies the policy). */
  List<Result> base(NftTable t, NftChain c, FilterInput in, State st) {
    Compiled cx = compiled.computeIfAbsent(t, Compiled::new);
    return rules(cx, c, 0, in, st.enter(c.name()), 0);
  }

  SourceRef ref(NftRule r) {
    return r.text().startsWith("[") ? new SourceRef(file, 0, "/nftables/" + (r.line() - 1))
        : SourceRef.line(file, r.line());
  }

  SourceRef ref(int line) {
    return SourceRef.line(file, line);
  }

  private List<Result> rules(Compiled cx, NftChain c, int from, FilterInput in, State st, int depth) {
    State cur = st;
    for (int r = from; r < c.rules().size(); r++) {
      NftRule rule = c.rules().get(r);
      List<NftTerm> terms = cx.terms.computeIfAbsent(rule, x -> NftRuleReader.read(x.text()));
      List<Result> res = terms(cx, c, r, terms, in, cur, depth);
      if (res.size() == 1 && res.get(0).end() == End.NEXT) {
        cur = res.get(0).state();
        continue;
      }
      List<Result> out = new ArrayList<>();
      for (Result x : res) {
        if (x.end() == End.NEXT) out.addAll(rules(cx, c, r + 1, in, x.state(), depth));
        else out.add(x);
      }
      return out;
    }
    return List.of(Result.of(cur, End.RETURN));
  }

  private List<Result> terms(Compiled cx, NftChain c, int r, List<NftTerm> terms, FilterInput in, State st,
      int depth) {
    NftRule rule = c.rules().get(r);
    State s = st;
    try {
      for (NftTerm term : terms) {
        if (term instanceof NftTerm.Match m) {
          if (!matches(cx, m, in, s)) return next(s);
        } else if (term instanceof NftTerm.MaskMatch m) {
          long v = m.selector() == NftSelector.CT_MARK ? s.ctmark() : s.packet().mark();
          if (((v & m.mask()) == m.value()) == m.negate()) return next(s);
        } else if (term instanceof NftTerm.Fib f) {
          if (!f.types().equals(List.of("local"))) {
            return unknown(s, "fib type " + String.join(",", f.types()) + " needs routes the walk does not read",
                rule);
          }
          if (!host.complete()) return unknown(s, "fib … type local needs the node's addresses", rule);
          boolean local = host.isLocal(f.source() ? s.packet().src() : s.packet().dst());
          if (local == f.negate()) return next(s);
        } else if (term instanceof NftTerm.SetMark m) {
          s = setMark(cx, c, r, m, s);
        } else if (term instanceof NftTerm.Nat n) {
          return nat(cx, c, r, n, in, s);
        } else if (term instanceof NftTerm.Verdict v) {
          return verdict(cx, c, r, v.kind(), v.target(), v.detail(), "", in, s, depth);
        } else if (term instanceof NftTerm.Vmap v) {
          List<String> values = values(v.selectors(), in, s);
          if (values == null) return next(s);
          NftElement e = lookup(cx, v.selectors(), v.map(), v.elements(), values);
          if (e == MISSING_SET) return unknown(s, "verdict map @" + v.map() + " is not in the ruleset", rule);
          if (e == null) return next(s);
          State via = v.map() == null ? s : s.enter("@" + v.map());
          return dispatch(cx, c, r, e, "vmap " + (v.map() == null ? "{…}" : "@" + v.map()), in, via, depth);
        } else if (term instanceof NftTerm.NumgenVmap g) {
          return numgen(cx, c, r, g, in, s, depth);
        } else if (term instanceof NftTerm.Unknown u) {
          return unknown(s, u.reason(), rule);
        } // NoOp: counter, log, notrack, update @set
      }
    } catch (NftValues.Unreadable | NumberFormatException e) {
      return unknown(s, "cannot compare " + e.getMessage(), rule);
    }
    return next(s);
  }

  private static List<Result> next(State s) {
    return List.of(Result.of(s, End.NEXT));
  }

  private List<Result> unknown(State s, String reason, NftRule rule) {
    return List.of(new Result(s, End.UNKNOWN, reason + ": " + rule.text(), ref(rule),
        Disposition.INSUFFICIENT_INFO));
  }

  /** The verdict of a map element: {@code goto X}, {@code jump X}, {@code drop}, {@code accept}, .... */
  private List<Result> dispatch(Compiled cx, NftChain c, int r, NftElement e, String via, FilterInput in, State s,
      int depth) {
    String[] w = e.value() == null ? new String[] {""} : e.value().strip().split("\\s+", 2);
    String detail = via + " " + e.keyText() + (e.comment() == null ? "" : " (" + e.comment() + ")");
    return verdict(cx, c, r, w[0], w.length > 1 ? w[1] : null, "", detail, in, s, depth);
  }

  private List<Result> verdict(Compiled cx, NftChain c, int r, String kind, String target, String rejectWith,
      String via, FilterInput in, State s, int depth) {
    NftRule rule = c.rules().get(r);
    String table = cx.label;
    switch (kind) {
      case "accept" -> {
        return List.of(Result.of(s.step(step(cx, c, r, "accept", via)), End.ACCEPT));
      }
      case "continue" -> {
        return next(s);
      }
      case "return" -> {
        return List.of(Result.of(s, End.RETURN));
      }
      case "drop", "reject" -> {
        boolean reject = kind.equals("reject");
        Disposition d = NftDropClassifier.classify(in.hook(), s.path(), cx.terms.getOrDefault(rule, List.of()),
            rule.comment(), reject);
        String action = reject ? "REJECT" + (rejectWith.isEmpty() ? "" : " with " + rejectWith) : "DROP";
        State done = s.step(step(cx, c, r, action, via));
        return List.of(new Result(done, reject ? End.REJECT : End.DROP, table + "/" + c.name() + " rule " + (r + 1)
            + ": " + action + (rule.comment() == null ? "" : " (" + rule.comment() + ")"), ref(rule), d));
      }
      case "jump", "goto" -> {
        NftChain to = target == null ? null : cx.chains.get(target);
        if (to == null) return unknown(s, kind + " to chain " + target + " which the table lacks", rule);
        if (depth >= MAX_DEPTH) return unknown(s, "more than " + MAX_DEPTH + " nested jumps (a loop?)", rule);
        State entered = s.step(step(cx, c, r, kind + " " + target, via)).enter(target);
        List<Result> out = new ArrayList<>();
        for (Result x : rules(cx, to, 0, in, entered, depth + 1)) {
          if (x.end() != End.RETURN) {
            out.add(x);
            continue;
          }
          State back = new State(x.state().packet(), x.state().ctmark(), x.state().dnatted(),
              x.state().probability(), x.state().choices(), x.state().steps(), s.path());
          out.add(Result.of(back, kind.equals("jump") ? End.NEXT : End.RETURN));
        }
        return out;
      }
      default -> {
        return unknown(s, "verdict '" + kind + "' is not evaluated", rule);
      }
    }
  }

  private Step.ChainEvaluation step(Compiled cx, NftChain c, int r, String action, String detail) {
    return new Step.ChainEvaluation(cx.label, c.name(), r + 1, action, detail, ref(c.rules().get(r)));
  }

  private List<Result> numgen(Compiled cx, NftChain c, int r, NftTerm.NumgenVmap g, FilterInput in, State s,
      int depth) {
    NftRule rule = c.rules().get(r);
    if (g.mod() <= 0) return unknown(s, "numgen mod " + g.mod(), rule);
    // group the N values by the element each selects, in element order, so that a range element is one branch
    Map<NftElement, Integer> hits = new LinkedHashMap<>();
    int misses = 0;
    for (int v = g.offset(); v < g.offset() + g.mod(); v++) {
      NftElement e = lookup(cx, List.of(NftSelector.MARK), g.map(), g.elements(), List.of(String.valueOf(v)));
      if (e == MISSING_SET) return unknown(s, "verdict map @" + g.map() + " is not in the ruleset", rule);
      if (e == null) misses++;
      else hits.merge(e, 1, Integer::sum);
    }
    List<Result> out = new ArrayList<>();
    boolean fan = hits.size() + (misses > 0 ? 1 : 0) > 1;
    for (Map.Entry<NftElement, Integer> h : hits.entrySet()) {
      String target = h.getKey().value() == null ? "" : h.getKey().value().replaceFirst("^(goto|jump)\\s+", "");
      State b = fan ? s.choose(target + " (" + h.getValue() + "/" + g.mod() + ")", h.getValue() / (double) g.mod()) : s;
      out.addAll(dispatch(cx, c, r, h.getKey(), "numgen " + g.mode() + " mod " + g.mod(), in, b, depth));
    }
    if (misses > 0) {
      out.addAll(next(fan ? s.choose("no numgen element (" + misses + "/" + g.mod() + ")", misses / (double) g.mod())
          : s));
    }
    return out;
  }

  private static final NftElement MISSING_SET = new NftElement(List.of("?"), null, null, null, null);

  /** The element the values select from a named set (or inline elements); MISSING_SET when the set is absent. */
  private NftElement lookup(Compiled cx, List<NftSelector> sels, String set, List<NftElement> inline,
      List<String> values) {
    if (set == null) {
      for (NftElement e : inline) if (!e.catchAll() && NftValues.elementMatches(sels, values, e.key())) return e;
      return inline.stream().filter(NftElement::catchAll).findFirst().orElse(null);
    }
    NftSet named = cx.table.set(set).orElse(null);
    if (named == null) return MISSING_SET;
    NftSetIndex idx = cx.indexes.computeIfAbsent(set + "|" + sels, k -> new NftSetIndex(sels, named.elements()));
    return idx.find(values);
  }

  private List<String> values(List<NftSelector> sels, FilterInput in, State s) {
    FilterInput now = new FilterInput(in.hook(), s.packet(), in.ct(), in.inIface(), in.outIface(), in.physIn(),
        in.physOut(), in.dnatted() || s.dnatted(), s.ctmark());
    List<String> out = new ArrayList<>(sels.size());
    for (NftSelector sel : sels) {
      String v = NftValues.value(sel, s.packet(), now, now.dnatted());
      if (v == null) return null;
      out.add(v);
    }
    return out;
  }

  private boolean matches(Compiled cx, NftTerm.Match m, FilterInput in, State s) {
    List<String> values = values(m.selectors(), in, s);
    if (values == null) return false; // the field's dependency fails: no match, even for !=
    boolean hit;
    if (Set.of("<", ">", "<=", ">=").contains(m.op())) {
      if (values.size() != 1 || m.set() != null || m.values().size() != 1) {
        throw new NftValues.Unreadable("comparison " + m.op() + " on " + m.selectors());
      }
      return NftValues.compare(m.op(), Long.parseLong(values.get(0)),
          NftRuleReader.number(m.values().get(0).key().get(0)));
    }
    NftElement e = lookup(cx, m.selectors(), m.set(), m.values(), values);
    if (e == MISSING_SET) throw new NftValues.Unreadable("set @" + m.set() + " which the table lacks");
    hit = e != null;
    return m.op().equals("!=") != hit;
  }

  private State setMark(Compiled cx, NftChain c, int r, NftTerm.SetMark m, State s) {
    long old = m.ct() ? s.ctmark() : s.packet().mark();
    long v = switch (m.op()) {
      case "or" -> old | m.value();
      case "xor" -> old ^ m.value();
      case "and" -> old & m.value();
      default -> m.value();
    };
    State n = m.ct() ? new State(s.packet(), v, s.dnatted(), s.probability(), s.choices(), s.steps(), s.path())
        : s.with(s.packet().withMark(v));
    return n.step(step(cx, c, r, (m.ct() ? "ct mark" : "mark") + " set 0x" + Long.toHexString(v), ""));
  }

  private List<Result> nat(Compiled cx, NftChain c, int r, NftTerm.Nat n, FilterInput in, State s) {
    NftRule rule = c.rules().get(r);
    Packet p = s.packet();
    List<String> targets = new ArrayList<>();
    List<State> states = new ArrayList<>();
    if (n.kind().equals("masquerade")) {
      String a = in.outIface().isEmpty() ? null : host.primaryAddress(in.outIface(), p.family());
      if (a == null) {
        return unknown(s, "masquerade needs the address of the out interface '" + in.outIface() + "'", rule);
      }
      targets.add(a);
      states.add(s);
    } else if (n.literal() != null) {
      targets.add(n.literal());
      states.add(s);
    } else if (n.numgenMod() > 0) {
      List<NftSelector> key = List.of(NftSelector.MARK);
      for (int v = 0; v < n.numgenMod(); v++) {
        NftElement e = lookup(cx, key, n.map(), n.elements(), List.of(String.valueOf(v)));
        if (e == MISSING_SET) return unknown(s, "NAT map @" + n.map() + " is not in the ruleset", rule);
        if (e == null) continue;
        targets.add(e.value());
        states.add(s.choose(n.kind() + " " + e.value() + " (1/" + n.numgenMod() + ")", 1.0 / n.numgenMod()));
      }
      if (targets.isEmpty()) return next(s); // no value has an element: the lookup fails, the rule ends
      if (targets.size() < n.numgenMod()) {
        states.add(s.choose("no NAT map element", (n.numgenMod() - targets.size()) / (double) n.numgenMod()));
        targets.add(null);
      }
    } else {
      List<String> values = values(n.keys(), in, s);
      NftElement e = values == null ? null : lookup(cx, n.keys(), n.map(), n.elements(), values);
      if (e == MISSING_SET) return unknown(s, "NAT map @" + n.map() + " is not in the ruleset", rule);
      if (e == null) return next(s); // a failed map lookup ends the rule
      targets.add(e.value());
      states.add(s);
    }
    List<Result> out = new ArrayList<>();
    for (int k = 0; k < targets.size(); k++) {
      State b = states.get(k);
      if (targets.get(k) == null) {
        out.addAll(next(b));
        continue;
      }
      String[] ap = addressPort(targets.get(k), n.kind(), in, b.packet());
      if (ap == null) {
        out.addAll(unknown(b, "NAT target '" + targets.get(k) + "' is a range or not an address", rule));
        continue;
      }
      out.add(Result.of(applyNat(cx, c, r, n.kind(), ap, b), End.ACCEPT));
    }
    return out;
  }

  private State applyNat(Compiled cx, NftChain c, int r, String kind, String[] ap, State s) {
    Packet p = s.packet();
    boolean dst = kind.equals("dnat") || kind.equals("redirect");
    int port = ap[1] == null ? (dst ? p.dport() : p.sport()) : Integer.parseInt(ap[1]);
    Packet after = dst ? p.withDst(ap[0], port) : p.withSrc(ap[0], port);
    String before = dst ? hostPort(p.dst(), p.dport()) : hostPort(p.src(), p.sport());
    String now = dst ? hostPort(after.dst(), after.dport()) : hostPort(after.src(), after.sport());
    String label = kind.toUpperCase(java.util.Locale.ROOT);
    State n = new State(after, s.ctmark(), s.dnatted() || dst, s.probability(), s.choices(), s.steps(), s.path());
    return n.step(step(cx, c, r, label + " to " + now, ""))
        .step(new Step.NatTransformation(label, before, now, ref(c.rules().get(r))));
  }

  private static String hostPort(String a, int port) {
    return a.indexOf(':') >= 0 ? "[" + a + "]:" + port : a + ":" + port;
  }

  /**
   * {@code 10.1.1.1:80}, {@code 10.1.1.1}, {@code [fd00::1]:80}, {@code fd00::1}, {@code 10.1.1.1 . 4242},
   * {@code :8080} (redirect) → {address, port or null}; null for a range or anything else.
   */
  private String[] addressPort(String t, String kind, FilterInput in, Packet p) {
    String v = t.strip();
    String addr;
    String port = null;
    if (v.contains(" . ")) {
      String[] parts = v.split(" \\. ");
      addr = parts[0].strip();
      port = parts[1].strip();
    } else if (v.startsWith("[")) {
      int close = v.indexOf(']');
      addr = v.substring(1, close);
      if (v.length() > close + 2 && v.charAt(close + 1) == ':') port = v.substring(close + 2);
    } else if (v.startsWith(":")) {
      addr = "";
      port = v.substring(1);
    } else if (v.indexOf(':') == v.lastIndexOf(':') && v.indexOf(':') > 0) {
      addr = v.substring(0, v.indexOf(':'));
      port = v.substring(v.indexOf(':') + 1);
    } else {
      addr = v;
    }
    if (kind.equals("redirect")) {
      addr = in.hook() == Hook.PREROUTING ? host.primaryAddress(in.inIface(), p.family())
          : p.family() == 6 ? "::1" : "127.0.0.1";
      if (addr == null) return null;
    }
    if (addr.endsWith("/32") || addr.endsWith("/128")) addr = addr.substring(0, addr.indexOf('/'));
    if (addr.isEmpty() || addr.contains("/") || addr.contains("-") || port != null && !port.matches("\\d+")) {
      return null;
    }
    return new String[] {addr, port};
  }
}
