package dev.packetwalk.parse.nft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.parse.Json;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.ParseWarning.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code nft -j list ruleset} (libnftables JSON schema 1) into the same records as {@link NftListParser}.
 *
 * <pre>
 * {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
 *   {"table": {"family": "ip", "name": "kube-proxy", "handle": 1}},
 *   {"map": {"family": "ip", "table": "kube-proxy", "name": "service-ips", "type": ["ipv4_addr", "inet_proto",
 *      "inet_service"], "map": "verdict", "elem": [[{"concat": ["172.30.0.41", "tcp", 80]},
 *      {"goto": {"target": "service-ULMVA6XW-ns1/svc1/tcp/p80"}}]]}},
 *   {"rule": {"family": "ip", "table": "kube-proxy", "chain": "endpoint-…", "handle": 40,
 *      "expr": [{"dnat": {"addr": "10.180.0.1", "port": 80}}]}}]}
 * </pre>
 *
 * yields {@code NftSet(service-ips, keyType "ipv4_addr . inet_proto . inet_service", elements=[[172.30.0.41, tcp,
 * 80] : "goto service-…"])} and {@code NftRule(nat=Nat(dnat, "10.180.0.1:80"), handle 40)}. Values are rendered
 * the way {@code nft list} prints them, so that records from both sources compare equal. A rule's text is its
 * {@code expr} array as Json.mapper().
 */
public final class NftJsonParser {

  public static final String PATH = "nodes/{node}/netfilter/nft-ruleset.json";

  private static final Set<String> VERDICTS = Set.of("accept", "drop", "reject", "return", "continue", "queue",
      "jump", "goto");
  private static final Set<String> OBJECTS = Set.of("ct helper", "ct timeout", "ct expectation", "counter", "quota",
      "limit", "secmark", "synproxy", "flowtable");

  private NftJsonParser() {}

  public static NftRuleset parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    JsonNode root;
    try {
      root = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      warnings.add(new ParseWarning(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          Kind.MALFORMED, "not JSON: " + e.getOriginalMessage(), ""));
      return new NftRuleset(file, NftRuleset.Format.JSON, null, List.of(), List.of(), warnings);
    }
    JsonNode items = root == null ? null : root.get("nftables");
    if (items == null || !items.isArray()) {
      warnings.add(ParseWarning.of(file, 0, Kind.MALFORMED, "no top-level \"nftables\" array"));
      return new NftRuleset(file, NftRuleset.Format.JSON, null, List.of(), List.of(), warnings);
    }
    NftBuilder b = new NftBuilder();
    String version = null;
    int index = 0;
    for (JsonNode item : items) {
      index++;
      var fields = item.fields();
      if (!fields.hasNext()) {
        continue;
      }
      Map.Entry<String, JsonNode> e = fields.next();
      String kind = e.getKey();
      JsonNode o = e.getValue();
      String family = o.path("family").asText("ip");
      String table = o.path("table").asText(null);
      switch (kind) {
        case "metainfo" -> version = o.path("version").asText(null);
        case "table" -> {
          NftBuilder.TableB t = b.table(family, o.path("name").asText(), index);
          t.comment = o.path("comment").asText(null);
          o.path("flags").forEach(f -> t.flags.add(f.asText()));
          if (o.path("flags").isTextual()) {
            t.flags.add(o.path("flags").asText());
          }
        }
        case "chain" -> {
          NftBuilder.ChainB c = b.table(family, table, index).chain(o.path("name").asText(), index);
          c.type = o.path("type").asText(null);
          c.hook = o.path("hook").asText(null);
          c.priority = o.has("prio") ? o.get("prio").asText() : null;
          c.policy = o.path("policy").asText(null);
          c.device = o.path("dev").asText(null);
          c.comment = o.path("comment").asText(null);
        }
        case "rule" -> b.table(family, table, index).chain(o.path("chain").asText(), index).rules
            .add(rule(o, index));
        case "set", "map" -> {
          NftBuilder.SetB s = b.table(family, table, index).set(o.path("name").asText(), kind.equals("map"), index);
          s.keyType = render(o.path("type"));
          s.dataType = o.has("map") ? render(o.get("map")) : null;
          s.typeof = false;
          o.path("flags").forEach(f -> s.flags.add(f.asText()));
          s.comment = o.path("comment").asText(null);
          for (String a : List.of("timeout", "gc-interval", "size", "policy")) {
            if (o.has(a)) {
              s.attributes.put(a, o.get(a).asText());
            }
          }
          o.path("elem").forEach(el -> s.elements.add(element(el)));
        }
        case "element" -> {
          NftBuilder.SetB s = b.table(family, table, index).set(o.path("name").asText(), false, index);
          o.path("elem").forEach(el -> s.elements.add(element(el)));
        }
        default -> {
          if (OBJECTS.contains(kind)) {
            List<String> body = new ArrayList<>();
            o.fields().forEachRemaining(f -> {
              if (!Set.of("family", "name", "table", "handle").contains(f.getKey())) {
                body.add(f.getKey() + " " + render(f.getValue()));
              }
            });
            b.table(family, table, index).objects.add(new NftObject(kind, o.path("name").asText(), body, index));
          } else {
            warnings.add(new ParseWarning(file, 0, Kind.UNRECOGNIZED, "unknown object \"" + kind + "\" at item "
                + index, item.toString()));
          }
        }
      }
    }
    return new NftRuleset(file, NftRuleset.Format.JSON, version, List.of(), b.build(), warnings);
  }

  private static NftRule rule(JsonNode o, int index) {
    JsonNode expr = o.path("expr");
    NftRule.Counter counter = null;
    NftRule.Verdict verdict = null;
    NftRule.Vmap vmap = null;
    NftRule.Numgen numgen = null;
    NftRule.Nat nat = null;
    List<String> states = new ArrayList<>();
    for (JsonNode stmt : expr) {
      String k = stmt.fieldNames().hasNext() ? stmt.fieldNames().next() : "";
      JsonNode v = stmt.path(k);
      if (k.equals("counter")) {
        counter = new NftRule.Counter(v.path("packets").asLong(), v.path("bytes").asLong());
      } else if (VERDICTS.contains(k)) {
        verdict = new NftRule.Verdict(k, v.path("target").asText(null));
      } else if (k.equals("vmap")) {
        JsonNode data = v.path("data");
        vmap = data.isTextual() ? new NftRule.Vmap(data.asText().substring(1), List.of())
            : new NftRule.Vmap(null, elements(data.path("set")));
        JsonNode ng = v.path("key").path("numgen");
        if (!ng.isMissingNode()) {
          numgen = new NftRule.Numgen(ng.path("mode").asText(), ng.path("mod").asInt(), ng.path("offset").asInt());
        }
      } else if (Set.of("dnat", "snat", "masquerade", "redirect").contains(k)) {
        String to = v.has("addr") ? render(v.get("addr")) : null;
        if (v.has("port")) {
          to = (to == null ? "" : to) + ":" + render(v.get("port"));
        }
        List<String> flags = new ArrayList<>();
        if (v.path("flags").isTextual()) {
          flags.add(v.path("flags").asText());
        }
        v.path("flags").forEach(f -> flags.add(f.asText()));
        nat = new NftRule.Nat(k, to, flags);
      } else if (k.equals("match") && v.path("left").path("ct").path("key").asText().equals("state")) {
        JsonNode r = v.path("right");
        if (r.isTextual()) {
          states.add(r.asText());
        } else {
          (r.has("set") ? r.get("set") : r).forEach(s -> states.add(s.asText()));
        }
      }
    }
    List<String> refs = new ArrayList<>();
    addRefs(refs, expr);
    String comment = o.path("comment").asText(null);
    return new NftRule(expr.toString(), o.path("chain").asText(), o.path("handle").asLong(-1), counter, verdict,
        vmap, numgen, nat, refs, states, comment, index);
  }

  /** Every {@code "@name"} string anywhere in the expression tree names a set or map. */
  private static void addRefs(List<String> refs, JsonNode n) {
    if (n.isTextual() && n.asText().startsWith("@")) {
      refs.add(n.asText().substring(1));
    }
    n.forEach(child -> addRefs(refs, child));
  }

  private static List<NftElement> elements(JsonNode set) {
    List<NftElement> out = new ArrayList<>();
    set.forEach(el -> out.add(element(el)));
    return out;
  }

  /** A set element is a value; a map element is a [key, value] pair; either may be wrapped in {"elem": …}. */
  private static NftElement element(JsonNode el) {
    JsonNode key = el;
    String value = null;
    if (el.isArray() && el.size() == 2) {
      key = el.get(0);
      value = render(el.get(1));
    }
    String timeout = null;
    String expires = null;
    String comment = null;
    if (key.has("elem")) {
      JsonNode e = key.get("elem");
      timeout = e.has("timeout") ? e.get("timeout").asText() + "s" : null;
      expires = e.has("expires") ? e.get("expires").asText() + "s" : null;
      comment = e.path("comment").asText(null);
      key = e.path("val");
    }
    List<String> parts = new ArrayList<>();
    if (key.has("concat")) {
      key.get("concat").forEach(p -> parts.add(render(p)));
    } else {
      parts.add(render(key));
    }
    return new NftElement(parts, value, timeout, expires, comment);
  }

  /** Renders a JSON value the way {@code nft list} prints it. */
  static String render(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "";
    }
    if (n.isValueNode()) {
      return n.asText();
    }
    if (n.isArray()) {
      List<String> parts = new ArrayList<>();
      n.forEach(p -> parts.add(render(p)));
      return String.join(" . ", parts);
    }
    String k = n.fieldNames().hasNext() ? n.fieldNames().next() : "";
    JsonNode v = n.get(k);
    return switch (k) {
      case "prefix" -> render(v.get("addr")) + "/" + render(v.get("len"));
      case "range" -> render(v.get(0)) + "-" + render(v.get(1));
      case "concat" -> render(v);
      case "jump", "goto" -> k + " " + v.path("target").asText();
      case "accept", "drop", "return", "continue" -> k;
      default -> n.toString();
    };
  }
}
