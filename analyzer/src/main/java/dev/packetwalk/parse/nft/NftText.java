package dev.packetwalk.parse.nft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading pieces of nft's text syntax that the list and transaction formats share: splitting at top-level
 * separators, set elements, chain declarations and the best-effort structure of a rule.
 */
public final class NftText {

  private static final Pattern COUNTER = Pattern.compile("\\bcounter(?: packets (\\d+) bytes (\\d+))?");
  private static final Pattern COMMENT = Pattern.compile("\\s*\\bcomment \"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");
  private static final Pattern VERDICT = Pattern.compile(
      "(?:^|\\s)(accept|drop|return|continue|reject(?: with .*)?|queue(?: .*)?|(jump|goto) ([^\\s{}]+))$");
  private static final Pattern ANON_CHAIN = Pattern.compile("(?:^|\\s)(jump|goto) \\{");
  private static final Pattern SET_REF = Pattern.compile("@([A-Za-z_][\\w./-]*+)(?!,)");
  private static final Pattern NUMGEN = Pattern.compile("\\bnumgen (random|inc) mod (\\d+)(?: offset (\\d+))?");
  private static final Pattern NAT = Pattern.compile(
      "(?:^|\\s)(dnat|snat|masquerade|redirect)(?=\\s|$)(?: (?:ip6?|inet))?(?: to (.+?))?((?: (?:fully-random|random|persistent"
          + "|random-fully))*)$");
  private static final Pattern CT_STATE = Pattern.compile("\\bct state (?:!= )?(\\{[^}]*\\}|\\S+)");
  private static final Pattern VMAP = Pattern.compile("\\bvmap (@\\S+|\\{.*\\})");
  private static final Pattern[] CHAIN_DECL = {Pattern.compile("\\btype (\\S+)"), Pattern.compile("\\bhook (\\S+)"),
      Pattern.compile("\\bpriority ([^;]+?)\\s*(?:;|$)"), Pattern.compile("\\bpolicy (\\w+)"),
      Pattern.compile("\\bdevice \"?([^\";\\s]+)"), Pattern.compile("\\bcomment \"((?:[^\"\\\\]|\\\\.)*)\"")};

  private NftText() {}

  /** Splits at {@code sep} where not inside quotes, braces, brackets or parentheses. */
  public static List<String> splitTopLevel(String s, char sep) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && (c == '{' || c == '(' || c == '[')) {
        depth++;
      } else if (!quoted && (c == '}' || c == ')' || c == ']')) {
        depth--;
      } else if (!quoted && depth == 0 && c == sep) {
        out.add(s.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(s.substring(start).strip());
    out.removeIf(String::isEmpty);
    return out;
  }

  /** Brace depth change of a line, ignoring quoted text; used to join multi-line elements and rules. */
  static int braceDelta(String s) {
    int d = 0;
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '{') {
        d++;
      } else if (!quoted && c == '}') {
        d--;
      }
    }
    return d;
  }

  static String unquote(String s) {
    s = s.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1).replace("\\\"", "\"");
    }
    return s;
  }

  /** Text between the first '{' and its matching '}' (or to the end), without the braces. */
  static String inner(String s) {
    int open = s.indexOf('{');
    int close = s.lastIndexOf('}');
    if (open < 0) {
      return s;
    }
    return s.substring(open + 1, close > open ? close : s.length()).strip();
  }

  /** {@code 10.0.0.1 . tcp . 80 timeout 10s comment "ns/svc" : goto x, * : drop} → elements. */
  static List<NftElement> elements(String inner) {
    List<NftElement> out = new ArrayList<>();
    for (String e : splitTopLevel(inner, ',')) {
      int colon = topLevelIndex(e, " : ");
      String keyPart = colon < 0 ? e : e.substring(0, colon);
      String value = colon < 0 ? null : e.substring(colon + 3).strip();
      String timeout = null;
      String expires = null;
      String comment = null;
      Matcher c = Pattern.compile("\\s+comment \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(keyPart);
      if (c.find()) {
        comment = c.group(1);
        keyPart = keyPart.substring(0, c.start()) + keyPart.substring(c.end());
      }
      Matcher t = Pattern.compile("\\s+timeout (\\S+)").matcher(keyPart);
      if (t.find()) {
        timeout = t.group(1);
        keyPart = keyPart.substring(0, t.start()) + keyPart.substring(t.end());
      }
      Matcher x = Pattern.compile("\\s+expires (\\S+)").matcher(keyPart);
      if (x.find()) {
        expires = x.group(1);
        keyPart = keyPart.substring(0, x.start()) + keyPart.substring(x.end());
      }
      keyPart = keyPart.replaceAll("\\s+counter packets \\d+ bytes \\d+", "");
      // quotes are syntax ("eth0"), not data: drop them so that text and JSON input give equal keys
      List<String> key = Arrays.stream(keyPart.strip().split(" \\. ")).map(NftText::unquote).toList();
      out.add(new NftElement(key, value == null ? null : unquote(value), timeout, expires, comment));
    }
    return out;
  }

  private static int topLevelIndex(String s, String needle) {
    boolean quoted = false;
    int depth = 0;
    for (int i = 0; i + needle.length() <= s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '{') {
        depth++;
      } else if (!quoted && c == '}') {
        depth--;
      } else if (!quoted && depth == 0 && s.startsWith(needle, i)) {
        return i;
      }
    }
    return -1;
  }

  /** Applies {@code type filter hook input priority 0; policy accept; comment "x"} to a chain. */
  static void chainDeclaration(NftBuilder.ChainB c, String decl) {
    String[] into = new String[CHAIN_DECL.length];
    for (int i = 0; i < CHAIN_DECL.length; i++) {
      Matcher m = CHAIN_DECL[i].matcher(decl);
      if (m.find()) {
        into[i] = m.group(1);
      }
    }
    c.type = into[0] != null ? into[0] : c.type;
    c.hook = into[1] != null ? into[1] : c.hook;
    c.priority = into[2] != null ? into[2] : c.priority;
    c.policy = into[3] != null ? into[3] : c.policy;
    c.device = into[4] != null ? into[4] : c.device;
    c.comment = into[5] != null ? into[5] : c.comment;
  }

  /** Best-effort structure of one rule's text. */
  static NftRule rule(String text, String chain, long handle, int line) {
    String body = text.strip();
    String comment = null;
    Matcher cm = COMMENT.matcher(body);
    if (cm.find()) {
      comment = cm.group(1).replace("\\\"", "\"");
      body = body.substring(0, cm.start());
    }
    Matcher co = COUNTER.matcher(body);
    NftRule.Counter counter = null;
    if (co.find()) {
      counter = co.group(1) == null ? new NftRule.Counter(0, 0)
          : new NftRule.Counter(Long.parseLong(co.group(1)), Long.parseLong(co.group(2)));
    }
    NftRule.Verdict verdict = null;
    Matcher v = VERDICT.matcher(body);
    Matcher anon = ANON_CHAIN.matcher(body);
    if (anon.find() && body.endsWith("}")) {
      verdict = new NftRule.Verdict(anon.group(1), null);
    } else if (v.find()) {
      String kind = v.group(2) != null ? v.group(2) : v.group(1).split(" ")[0];
      verdict = new NftRule.Verdict(kind, v.group(3));
    }
    NftRule.Vmap vmap = null;
    Matcher vm = VMAP.matcher(body);
    if (vm.find()) {
      vmap = vm.group(1).startsWith("@") ? new NftRule.Vmap(vm.group(1).substring(1), List.of())
          : new NftRule.Vmap(null, elements(inner(vm.group(1))));
    }
    Matcher ng = NUMGEN.matcher(body);
    NftRule.Numgen numgen = ng.find() ? new NftRule.Numgen(ng.group(1), Integer.parseInt(ng.group(2)),
        ng.group(3) == null ? 0 : Integer.parseInt(ng.group(3))) : null;
    NftRule.Nat nat = null;
    Matcher na = NAT.matcher(body);
    if (na.find()) {
      List<String> flags = na.group(3) == null || na.group(3).isBlank() ? List.of()
          : List.of(na.group(3).strip().split(" "));
      nat = new NftRule.Nat(na.group(1), na.group(2), flags);
    }
    List<String> refs = new ArrayList<>();
    Matcher sr = SET_REF.matcher(body);
    while (sr.find()) {
      refs.add(sr.group(1));
    }
    List<String> states = new ArrayList<>();
    Matcher ct = CT_STATE.matcher(body);
    if (ct.find()) {
      for (String s : ct.group(1).replaceAll("[{}]", "").split(",")) {
        states.add(s.strip());
      }
    }
    return new NftRule(text.strip(), chain, handle, counter, verdict, vmap, numgen, nat, refs, states, comment,
        line);
  }
}
