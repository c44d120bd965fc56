package dev.packetwalk.parse.nft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies one {@code nft -f} command line ({@code add rule ip kube-proxy services ip daddr . meta l4proto . th dport
 * vmap @service-ips}) to the builder. This is the syntax kube-proxy's knftables writes and its tests dump; it
 * describes the same objects as {@code nft list ruleset}, one command at a time.
 */
final class NftTransactionLine {

  static final Set<String> VERBS = Set.of("add", "create", "insert", "replace", "delete", "destroy", "flush");
  private static final Set<String> FAMILIES = Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");
  private static final Set<String> OBJECTS = Set.of("counter", "quota", "limit", "secmark", "synproxy", "flowtable");
  private static final Pattern POSITION = Pattern.compile("^(?:position|handle|index) (\\d+) ");

  private NftTransactionLine() {}

  static boolean isCommand(String line) {
    int sp = line.indexOf(' ');
    return sp > 0 && VERBS.contains(line.substring(0, sp));
  }

  /** Returns null when applied, or a reason why the line was not understood. */
  static String apply(NftBuilder b, String line, int n) {
    List<String> w = new ArrayList<>(Arrays.asList(line.split("\\s+", 3)));
    String verb = w.get(0);
    if (w.size() < 2) {
      return "incomplete command";
    }
    String what = w.get(1);
    String rest = w.size() > 2 ? w.get(2) : "";
    if (what.equals("ct")) { // "ct helper NAME", "ct timeout NAME"
      String[] r = rest.split("\\s+", 2);
      what = "ct " + r[0];
      rest = r.length > 1 ? r[1] : "";
    }
    if (what.equals("ruleset")) {
      return verb.equals("flush") ? flushRuleset(b) : "unsupported ruleset command";
    }
    String[] fam = rest.split("\\s+", 2);
    String family = "ip";
    if (fam.length == 2 && FAMILIES.contains(fam[0])) {
      family = fam[0];
      rest = fam[1];
    }
    String[] tn = rest.split("\\s+", 2);
    String table = tn[0];
    String tail = tn.length > 1 ? tn[1] : "";
    if (what.equals("table")) {
      return table(b, verb, family, table, tail, n);
    }
    NftBuilder.TableB t = verb.equals("delete") || verb.equals("destroy") || verb.equals("flush")
        ? b.existing(family, table) : b.table(family, table, n);
    if (t == null) {
      return "refers to table " + family + " " + table + " which this input never added";
    }
    String[] on = tail.split("\\s+", 2);
    String name = on[0];
    String body = on.length > 1 ? on[1] : "";
    switch (what) {
      case "chain" -> {
        if (verb.equals("delete") || verb.equals("destroy")) {
          t.chains.remove(name);
        } else if (verb.equals("flush")) {
          t.chain(name, n).rules.clear();
        } else {
          NftText.chainDeclaration(t.chain(name, n), NftText.inner(body));
        }
      }
      case "rule" -> {
        if (verb.equals("delete") || verb.equals("destroy")) {
          return "rule deletion by handle is not replayed";
        }
        Matcher p = POSITION.matcher(body);
        String text = p.find() ? body.substring(p.end()) : body;
        NftRule r = NftText.rule(text, name, -1, n);
        List<NftRule> rules = t.chain(name, n).rules;
        if (verb.equals("insert")) {
          rules.add(0, r);
        } else {
          rules.add(r);
        }
      }
      case "set", "map" -> {
        if (verb.equals("delete") || verb.equals("destroy")) {
          t.sets.remove(name);
        } else if (verb.equals("flush")) {
          t.set(name, what.equals("map"), n).elements.clear();
        } else {
          NftBuilder.SetB s = t.set(name, what.equals("map"), n);
          for (String decl : NftText.splitTopLevel(NftText.inner(body), ';')) {
            String problem = NftListParser.setDeclaration(s, decl);
            if (problem != null) {
              return problem;
            }
          }
        }
      }
      case "element" -> {
        NftBuilder.SetB s = t.sets.get(name);
        if (s == null) {
          s = t.set(name, false, n);
        }
        List<NftElement> elems = NftText.elements(NftText.inner(body));
        if (verb.equals("delete") || verb.equals("destroy")) {
          List<String> keys = elems.stream().map(NftElement::keyText).toList();
          s.elements.removeIf(e -> keys.contains(e.keyText()));
        } else {
          s.elements.addAll(elems);
        }
      }
      default -> {
        if (!OBJECTS.contains(what) && !what.startsWith("ct ")) {
          return "unknown object type '" + what + "'";
        }
        String kind = what;
        if (verb.equals("delete") || verb.equals("destroy")) {
          t.objects.removeIf(o -> o.kind().equals(kind) && o.name().equals(name));
        } else {
          t.objects.add(new NftObject(kind, name, NftText.splitTopLevel(NftText.inner(body), ';'), n));
        }
      }
    }
    return null;
  }

  private static String table(NftBuilder b, String verb, String family, String table, String tail, int n) {
    switch (verb) {
      case "delete", "destroy" -> b.remove(family, table);
      case "flush" -> {
        NftBuilder.TableB t = b.existing(family, table);
        if (t != null) {
          t.chains.values().forEach(c -> c.rules.clear());
          t.sets.values().forEach(s -> s.elements.clear());
        }
      }
      default -> {
        NftBuilder.TableB t = b.table(family, table, n);
        for (String decl : NftText.splitTopLevel(NftText.inner(tail), ';')) {
          if (decl.startsWith("comment ")) {
            t.comment = NftText.unquote(decl.substring(8));
          } else if (decl.startsWith("flags ")) {
            t.flags.addAll(List.of(decl.substring(6).strip().split("\\s*,\\s*")));
          }
        }
      }
    }
    return null;
  }

  private static String flushRuleset(NftBuilder b) {
    for (NftTable t : b.build()) {
      b.remove(t.family(), t.name());
    }
    return null;
  }
}
