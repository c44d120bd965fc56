package dev.packetwalk.trace.netfilter;

import dev.packetwalk.parse.nft.NftElement;
import dev.packetwalk.parse.nft.NftText;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an nft rule's text ({@code nft list ruleset} or {@code nft -f} form) into {@link NftTerm terms}: the matches,
 * statements and verdicts kube-proxy's nftables mode and common admin rules use. Whatever is not recognised becomes
 * an {@link NftTerm.Unknown} at its place, so that a walk reaching it stops there instead of guessing.
 */
final class NftRuleReader {

  private static final Set<String> OPS = Set.of("==", "!=", "eq", "ne", "<", ">", "<=", ">=");
  private static final Set<String> LOG_OPTIONS = Set.of("prefix", "level", "flags", "group", "snaplen",
      "queue-threshold");
  private static final Set<String> NAT_FLAGS = Set.of("fully-random", "random", "persistent");
  private static final Set<String> MARK_OPS = Set.of("or", "|", "xor", "^", "and", "&");

  private final List<String> t;
  private int i;
  private final List<NftTerm> out = new ArrayList<>();

  private NftRuleReader(List<String> tokens) {
    this.t = tokens;
  }

  static List<NftTerm> read(String text) {
    String s = text == null ? "" : text.strip();
    if (s.startsWith("[")) {
      return List.of(new NftTerm.Unknown("rule kept in JSON form; only nft text is evaluated"));
    }
    NftRuleReader r = new NftRuleReader(tokens(s));
    try {
      r.all();
    } catch (RuntimeException e) { // a truncated rule: say so rather than fail the walk
      r.out.add(new NftTerm.Unknown("cannot read rule: " + s));
    }
    return List.copyOf(r.out);
  }

  private void all() {
    while (i < t.size()) {
      String w = t.get(i);
      switch (w) {
        case "counter" -> {
          i++;
          if (at("packets")) i += 4;
          else if (at("name")) i += 2;
          out.add(new NftTerm.NoOp("counter"));
        }
        case "comment" -> i += 2;
        case "log" -> {
          i++;
          while (i < t.size() && LOG_OPTIONS.contains(t.get(i))) i += 2;
          out.add(new NftTerm.NoOp("log"));
        }
        case "notrack" -> {
          i++;
          out.add(new NftTerm.NoOp("notrack"));
        }
        case "accept", "drop", "return", "continue" -> {
          i++;
          out.add(new NftTerm.Verdict(w, null, ""));
        }
        case "reject" -> reject();
        case "jump", "goto" -> {
          String target = t.get(i + 1);
          i += 2;
          out.add(target.startsWith("{") ? new NftTerm.Unknown("anonymous chain " + w + " { … }")
              : new NftTerm.Verdict(w, target, ""));
        }
        case "update", "add", "delete" -> {
          if (i + 1 < t.size() && t.get(i + 1).startsWith("@")) {
            out.add(new NftTerm.NoOp(w + " " + t.get(i + 1)));
            i += 2;
            if (i < t.size() && t.get(i).startsWith("{")) i++;
          } else {
            unknown(w);
          }
        }
        case "dnat", "snat", "masquerade", "redirect" -> nat(w);
        case "numgen" -> numgen();
        case "fib" -> fib();
        default -> match();
      }
    }
  }

  private void reject() {
    i++;
    StringBuilder detail = new StringBuilder();
    if (at("with")) {
      i++;
      while (i < t.size() && !t.get(i).equals("comment")) detail.append(detail.length() == 0 ? "" : " ").append(t.get(i++));
    }
    out.add(new NftTerm.Verdict("reject", null, detail.toString()));
  }

  private void nat(String kind) {
    i++;
    if (at("ip") || at("ip6")) {
      if (i + 1 < t.size() && (t.get(i + 1).equals("addr") || t.get(i + 1).equals("prefix"))) {
        unknown(kind + " " + t.get(i) + " " + t.get(i + 1));
        return;
      }
      i++;
    }
    String literal = null;
    List<NftSelector> keys = new ArrayList<>();
    int numgenMod = 0;
    String map = null;
    List<NftElement> elements = List.of();
    int start = i;
    if (at("to")) {
      i++;
      if (at("numgen")) {
        if (!(i + 3 < t.size() && t.get(i + 2).equals("mod"))) {
          unknown("numgen");
          return;
        }
        numgenMod = Integer.parseInt(t.get(i + 3));
        i += 4;
        if (at("offset")) {
          unknown("numgen offset in a NAT map");
          return;
        }
      } else if (i + 1 < t.size() && NftSelector.of(t.get(i) + " " + t.get(i + 1)) != null
          || at("iifname") || at("oifname") || at("mark")) {
        List<NftSelector> ks = selectors();
        if (ks == null) return;
        keys.addAll(ks);
      } else {
        literal = t.get(i++);
      }
      if (literal == null) {
        if (!at("map")) {
          unknown(kind + " to an expression");
          return;
        }
        i++;
        String m = t.get(i++);
        if (m.startsWith("@")) map = m.substring(1);
        else elements = elements(m, true);
      }
    }
    while (i < t.size() && NAT_FLAGS.contains(t.get(i))) i++;
    if (i < t.size() && !t.get(i).equals("comment")) {
      unknown(kind + " " + String.join(" ", t.subList(start, t.size())));
      return;
    }
    out.add(new NftTerm.Nat(kind, literal, keys, numgenMod, map, elements));
  }

  private void numgen() {
    if (!(i + 3 < t.size() && t.get(i + 2).equals("mod"))) {
      unknown("numgen");
      return;
    }
    String mode = t.get(i + 1);
    int mod = Integer.parseInt(t.get(i + 3));
    i += 4;
    int offset = 0;
    if (at("offset")) {
      offset = Integer.parseInt(t.get(i + 1));
      i += 2;
    }
    if (!at("vmap")) {
      unknown("numgen without vmap");
      return;
    }
    String m = t.get(i + 1);
    i += 2;
    out.add(m.startsWith("@") ? new NftTerm.NumgenVmap(mode, mod, offset, m.substring(1), List.of())
        : new NftTerm.NumgenVmap(mode, mod, offset, null, elements(m, true)));
  }

  private void fib() {
    String which = t.get(i + 1);
    if (!(which.equals("saddr") || which.equals("daddr")) || !"type".equals(t.get(i + 2))) {
      unknown("fib " + which + " " + t.get(i + 2));
      return;
    }
    i += 3;
    boolean negate = false;
    if (at("!=") || at("==")) negate = t.get(i++).equals("!=");
    String v = t.get(i++);
    List<String> types = v.startsWith("{") ? elements(v, false).stream().map(NftElement::keyText).toList()
        : List.of(v.split(","));
    out.add(new NftTerm.Fib(which.equals("saddr"), negate, types));
  }

  private void match() {
    List<NftSelector> sels = selectors();
    if (sels == null) return;
    if (at("vmap")) {
      String m = t.get(i + 1);
      i += 2;
      out.add(m.startsWith("@") ? new NftTerm.Vmap(sels, m.substring(1), List.of())
          : new NftTerm.Vmap(sels, null, elements(m, true)));
      return;
    }
    NftSelector first = sels.get(0);
    boolean numeric = sels.size() == 1 && first.kind == NftSelector.Kind.NUMBER;
    if (numeric && at("set")) {
      i++;
      setMark(first == NftSelector.CT_MARK);
      return;
    }
    if (numeric && (at("&") || at("and"))) {
      long mask = number(t.get(i + 1));
      i += 2;
      boolean negate = false;
      if (at("==") || at("!=")) negate = t.get(i++).equals("!=");
      out.add(new NftTerm.MaskMatch(first, mask, negate, number(t.get(i++))));
      return;
    }
    String op = "==";
    if (i < t.size() && OPS.contains(t.get(i))) {
      op = switch (t.get(i++)) {
        case "eq" -> "==";
        case "ne" -> "!=";
        default -> t.get(i - 1);
      };
    }
    String v = t.get(i++);
    if (v.startsWith("@")) {
      out.add(new NftTerm.Match(sels, op, v.substring(1), List.of()));
    } else if (v.startsWith("{")) {
      out.add(new NftTerm.Match(sels, op, null, elements(v, false)));
    } else if (sels.size() == 1 && (first == NftSelector.CT_STATE || first == NftSelector.CT_STATUS)) {
      List<NftElement> l = new ArrayList<>();
      for (String s : v.split(",")) l.add(new NftElement(List.of(s.strip()), null, null, null, null));
      if (first == NftSelector.CT_STATUS && !v.equals("dnat")) {
        unknown("ct status " + v); // only the DNAT bit is known to the walk
        return;
      }
      out.add(new NftTerm.Match(sels, op, null, l));
    } else {
      List<String> key = new ArrayList<>(List.of(unquote(v)));
      while (at(".")) { // a concatenated literal: ip daddr . th dport 10.0.0.1 . 80
        key.add(unquote(t.get(i + 1)));
        i += 2;
      }
      out.add(new NftTerm.Match(sels, op, null, List.of(new NftElement(key, null, null, null, null))));
    }
  }

  /** {@code mark set mark or 0x4000}, {@code meta mark set meta mark | 0x00004000}, {@code mark set 0x1}. */
  private void setMark(boolean ct) {
    if (i + 1 < t.size() && (t.get(i).equals("mark") || t.get(i).equals("meta") || t.get(i).equals("ct"))) {
      i += t.get(i).equals("mark") ? 1 : 2;
      String op = t.get(i++);
      if (!MARK_OPS.contains(op)) {
        unknown("mark set with '" + op + "'");
        return;
      }
      String name = switch (op) {
        case "|" -> "or";
        case "^" -> "xor";
        case "&" -> "and";
        default -> op;
      };
      out.add(new NftTerm.SetMark(ct, name, number(t.get(i++))));
    } else {
      out.add(new NftTerm.SetMark(ct, "set", number(t.get(i++))));
    }
  }

  /** One or more fields joined by {@code .}; null (with an Unknown term added) at a field not understood. */
  private List<NftSelector> selectors() {
    List<NftSelector> sels = new ArrayList<>();
    while (true) {
      String w = t.get(i);
      int n = NftSelector.words(w);
      String key = n == 1 ? w : w + " " + (i + 1 < t.size() ? t.get(i + 1) : "");
      NftSelector s = NftSelector.of(key);
      if (s == null) {
        unknown(key);
        return null;
      }
      sels.add(s);
      i += n;
      if (at(".") && i + 1 < t.size() && !Character.isDigit(t.get(i + 1).charAt(0))) {
        i++;
        continue;
      }
      return sels;
    }
  }

  private void unknown(String what) {
    out.add(new NftTerm.Unknown("'" + what + "' is not evaluated"));
    i = t.size();
  }

  private boolean at(String w) {
    return i < t.size() && t.get(i).equals(w);
  }

  static long number(String s) {
    String v = s.strip();
    return v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
  }

  static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  /** {@code { a . b : goto x, c . d }} → elements; a map's values follow {@code " : "}. */
  static List<NftElement> elements(String braced, boolean map) {
    String inner = braced.strip();
    if (inner.startsWith("{")) inner = inner.substring(1, inner.endsWith("}") ? inner.length() - 1 : inner.length());
    List<NftElement> out = new ArrayList<>();
    for (String e : NftText.splitTopLevel(inner, ',')) {
      String k = e;
      String v = null;
      int colon = e.indexOf(" : ");
      if (map && colon >= 0) {
        k = e.substring(0, colon);
        v = e.substring(colon + 3).strip();
      }
      List<String> key = new ArrayList<>();
      for (String part : k.strip().split(" \\. ")) key.add(unquote(part.strip()));
      out.add(new NftElement(key, v, null, null, null));
    }
    return out;
  }



  /** Words, with a quoted string or a braced group ({@code { a, b }}) kept as one token. */
  static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int k = 0;
    while (k < s.length()) {
      char c = s.charAt(k);
      if (Character.isWhitespace(c)) {
        k++;
        continue;
      }
      int start = k;
      if (c == '{') {
        int depth = 0;
        boolean quoted = false;
        for (; k < s.length(); k++) {
          char d = s.charAt(k);
          if (d == '"') quoted = !quoted;
          else if (!quoted && d == '{') depth++;
          else if (!quoted && d == '}' && --depth == 0) break;
        }
        k = Math.min(k + 1, s.length());
      } else if (c == '"') {
        k = s.indexOf('"', k + 1);
        k = k < 0 ? s.length() : k + 1;
      } else {
        while (k < s.length() && !Character.isWhitespace(s.charAt(k))) k++;
      }
      out.add(s.substring(start, k));
    }
    return out;
  }
}
