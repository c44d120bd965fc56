package dev.packetwalk.parse.nft;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code nft list ruleset} output, and {@code nft -f} input in either block or transaction
 * ({@code add rule ...}) syntax; both kinds of line may be mixed, as in a real {@code nft -f} file.
 *
 * <pre>
 * table ip kube-proxy {
 *   map service-ips {
 *     type ipv4_addr . inet_proto . inet_service : verdict
 *     elements = { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
 *   }
 *   chain nat-prerouting {
 *     type nat hook prerouting priority dstnat; policy accept;
 *     jump services
 *   }
 *   chain service-ULMVA6XW-ns1/svc1/tcp/p80 {
 *     numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
 *   }
 * }
 * </pre>
 *
 * yields {@code NftTable(ip, kube-proxy, sets=[NftSet(service-ips, map, keyType "ipv4_addr . inet_proto .
 * inet_service", dataType verdict, elements=[NftElement([172.30.0.41, tcp, 80], "goto service-…")])],
 * chains=[NftChain(nat-prerouting, type nat, hook prerouting, priority dstnat, policy accept, rules=[verdict jump
 * services]), NftChain(service-…, rules=[NftRule(numgen random mod 1, vmap{0 : goto endpoint-…})])])}.
 *
 * <p>A statement that spans lines (elements lists, an anonymous {@code jump { ... }} chain) is joined until its
 * braces balance.
 */
public final class NftListParser {

  public static final String PATH = "nodes/{node}/netfilter/nft-ruleset.txt";

  private static final Pattern TABLE = Pattern.compile("(?:(?:add|create) )?table (?:(\\S+) )?(\\S+)\\s*\\{\\s*(\\})?");
  private static final Pattern BLOCK = Pattern.compile(
      "(chain|set|map|flowtable|counter|quota|limit|secmark|synproxy|ct helper|ct timeout|ct expectation) (\\S+)"
          + "\\s*\\{\\s*(\\})?");
  private static final Pattern HANDLE = Pattern.compile("\\s*# handle (\\d+)$");

  /** UNKNOWN is a block this parser does not know; it is skipped to its closing brace so the rest stays in step. */
  private enum Ctx { TABLE, CHAIN, SET, OBJECT, UNKNOWN }

  private NftListParser() {}

  public static NftRuleset parse(String file, String text) {
    NftBuilder b = new NftBuilder();
    List<ParseWarning> warnings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Deque<Ctx> stack = new ArrayDeque<>();
    NftBuilder.TableB table = null;
    NftBuilder.ChainB chain = null;
    NftBuilder.SetB set = null;
    String objectKind = null;
    String objectName = null;
    List<String> objectBody = new ArrayList<>();
    int objectLine = 0;
    boolean sawCommand = false;
    boolean sawBlock = false;
    String pending = null;
    int pendingLine = 0;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String l = lines[i].strip();
      if (pending != null) {
        pending += " " + l;
        if (NftText.braceDelta(pending) > 0) {
          continue;
        }
        l = pending;
        n = pendingLine;
        pending = null;
      } else if (l.isEmpty()) {
        continue;
      } else if (l.startsWith("#")) {
        if (stack.isEmpty()) {
          notes.add(l);
        }
        continue;
      } else if (NftText.braceDelta(l) > 0 && !l.endsWith("{") || NftText.braceDelta(l) > 0
          && stack.peek() == Ctx.CHAIN) {
        pending = l; // a multi-line statement: elements = { a,\n b } or jump {\n ... }
        pendingLine = n;
        continue;
      }
      Ctx ctx = stack.peek();
      Matcher m;
      if (ctx == null) {
        if ((m = TABLE.matcher(l)).matches()) {
          table = b.table(m.group(1) == null ? "ip" : m.group(1), m.group(2), n);
          sawBlock = true;
          if (m.group(3) == null) {
            stack.push(Ctx.TABLE);
          }
        } else if (NftTransactionLine.isCommand(l)) {
          sawCommand = true;
          String problem = NftTransactionLine.apply(b, l, n);
          if (problem != null) {
            warnings.add(new ParseWarning(file, n, Kind.UNRECOGNIZED, problem, l));
          }
        } else {
          warnings.add(new ParseWarning(file, n, Kind.UNRECOGNIZED, "not a table or command", l));
          if (l.endsWith("{")) {
            stack.push(Ctx.UNKNOWN);
          }
        }
      } else if (ctx == Ctx.UNKNOWN && !l.equals("}")) {
        if (l.endsWith("{")) {
          stack.push(Ctx.UNKNOWN);
        }
      } else if (l.equals("}")) {
        if (ctx == Ctx.OBJECT) {
          table.objects.add(new NftObject(objectKind, objectName, objectBody, objectLine));
        }
        stack.pop();
      } else if (ctx == Ctx.TABLE) {
        if ((m = BLOCK.matcher(l)).matches()) {
          String kind = m.group(1);
          Ctx next;
          if (kind.equals("chain")) {
            chain = table.chain(m.group(2), n);
            next = Ctx.CHAIN;
          } else if (kind.equals("set") || kind.equals("map")) {
            set = table.set(m.group(2), kind.equals("map"), n);
            next = Ctx.SET;
          } else {
            objectKind = kind;
            objectName = m.group(2);
            objectBody = new ArrayList<>();
            objectLine = n;
            next = Ctx.OBJECT;
          }
          if (m.group(3) == null) {
            stack.push(next);
          } else if (next == Ctx.OBJECT) {
            table.objects.add(new NftObject(objectKind, objectName, objectBody, objectLine));
          }
        } else if (l.startsWith("comment ")) {
          table.comment = NftText.unquote(l.substring(8));
        } else if (l.startsWith("flags ")) {
          table.flags.addAll(List.of(l.substring(6).strip().split("\\s*,\\s*")));
        } else {
          warnings.add(new ParseWarning(file, n, Kind.UNRECOGNIZED, "unknown table member", l));
          if (l.endsWith("{")) {
            stack.push(Ctx.UNKNOWN);
          }
        }
      } else if (ctx == Ctx.CHAIN) {
        if (l.matches("type \\S+ hook .*") || l.startsWith("policy ") || l.startsWith("device ")
            || l.matches("comment \"[^\"]*\"")) {
          NftText.chainDeclaration(chain, l);
        } else {
          long handle = -1;
          Matcher h = HANDLE.matcher(l);
          if (h.find()) {
            handle = Long.parseLong(h.group(1));
            l = l.substring(0, h.start());
          }
          chain.rules.add(NftText.rule(l, chain.name, handle, n));
        }
      } else if (ctx == Ctx.SET) {
        String problem = setDeclaration(set, l);
        if (problem != null) {
          warnings.add(new ParseWarning(file, n, Kind.UNRECOGNIZED, problem, l));
        }
      } else {
        objectBody.add(l);
      }
    }
    if (pending != null) {
      warnings.add(new ParseWarning(file, pendingLine, Kind.TRUNCATED, "statement never closed its braces", pending));
    }
    if (!stack.isEmpty()) {
      warnings.add(new ParseWarning(file, lines.length, Kind.TRUNCATED, "file ended inside a block", ""));
    }
    NftRuleset.Format format = sawCommand && !sawBlock ? NftRuleset.Format.TRANSACTION : NftRuleset.Format.LIST;
    return new NftRuleset(file, format, null, notes, b.build(), warnings);
  }

  /** One declaration inside a set/map body; returns a problem or null. Shared with the transaction syntax. */
  static String setDeclaration(NftBuilder.SetB s, String l) {
    if (l.startsWith("typeof ")) {
      s.declareType(l.substring(7), true);
    } else if (l.startsWith("type ")) {
      s.declareType(l.substring(5), false);
    } else if (l.startsWith("flags ")) {
      s.flags.addAll(List.of(l.substring(6).strip().split("\\s*,\\s*")));
    } else if (l.startsWith("elements")) {
      s.elements.addAll(NftText.elements(NftText.inner(l)));
    } else if (l.startsWith("comment ")) {
      s.comment = NftText.unquote(l.substring(8));
    } else if (l.matches("(timeout|gc-interval|size|policy|auto-merge|counter)\\b.*")) {
      String[] kv = l.split("\\s+", 2);
      s.attributes.put(kv[0], kv.length > 1 ? kv[1] : "");
    } else {
      return "unknown set declaration";
    }
    return null;
  }
}
