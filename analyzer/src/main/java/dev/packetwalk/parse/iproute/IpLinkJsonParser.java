package dev.packetwalk.parse.iproute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code ip -j [-s] -d link} into the same {@link IpLink} records as {@link IpLinkParser}.
 *
 * <pre>
 * [{"ifindex":7,"ifname":"flannel.1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1450,...,
 *   "linkinfo":{"info_kind":"vxlan","info_data":{"id":1,"local":"192.168.50.10","link":"eth0",
 *   "port_range":{"low":0,"high":0},"port":8472,"learning":false,...}}}]
 * </pre>
 *
 * gives {@code IpLink[ifindex=7, name=flannel.1, info=LinkInfo[kind=vxlan, options={id=1, local=192.168.50.10,
 * dev=eth0, srcport=0 0, dstport=8472, ...}, flags=[nolearning]]]}: JSON names are renamed to the text vocabulary
 * ({@code link}&rarr;{@code dev}, {@code port}&rarr;{@code dstport}, {@code learning:false}&rarr;flag
 * {@code nolearning}), booleans of bridge ports become {@code on}/{@code off}. JSON keys packetwalk does not know are
 * kept under their JSON name.
 */
public final class IpLinkJsonParser {
  /** Bundle path (JSON form, {@code ip -j -s -d link}). */
  public static final String PATH = "nodes/{node}/iproute/ip-s-d-link.json";

  /** Top-level keys mapped to record fields; all others go to {@link IpLink#attributes()}. */
  private static final Set<String> FIELDS = Set.of("ifindex", "ifname", "link", "link_index", "flags", "mtu", "qdisc",
      "master", "operstate", "linkmode", "group", "txqlen", "link_type", "address", "broadcast", "link_netnsid",
      "ifalias", "linkinfo", "stats64", "stats", "altnames", "addr_info", "permaddr");

  private IpLinkJsonParser() {}

  public static Parsed<List<IpLink>> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<IpLink> links = new ArrayList<>();
    for (JsonNode n : JsonText.array(file, text, warnings)) {
      IpLink l = link(n, file, warnings);
      if (l != null) {
        links.add(l);
      }
    }
    return new Parsed<>(List.copyOf(links), warnings);
  }

  /** One element; shared with {@link IpAddrJsonParser}, whose elements carry the same link keys. */
  static IpLink link(JsonNode n, String file, List<ParseWarning> warnings) {
    Integer ifindex = JsonText.integer(n, "ifindex");
    String name = JsonText.str(n, "ifname");
    if (ifindex == null || name == null) {
      warnings.add(new ParseWarning(file, 0, ParseWarning.Kind.MALFORMED, "link object without ifindex/ifname",
          n.toString()));
      return null;
    }
    LinkText.Builder b = new LinkText.Builder();
    b.ifindex = ifindex;
    b.name = name;
    // ip -j prints the peer as "link" (a name in this namespace) or "link_index" (@ifN, elsewhere)
    b.peerIfindex = JsonText.integer(n, "link_index");
    b.suffix = JsonText.str(n, "link") != null ? JsonText.str(n, "link")
        : b.peerIfindex != null ? "if" + b.peerIfindex : null;
    b.flags = JsonText.strings(n, "flags");
    b.mtu = JsonText.integer(n, "mtu");
    b.qdisc = JsonText.str(n, "qdisc");
    b.master = JsonText.str(n, "master");
    b.state = JsonText.str(n, "operstate");
    b.mode = JsonText.str(n, "linkmode");
    b.group = JsonText.str(n, "group");
    b.qlen = JsonText.integer(n, "txqlen");
    b.linkType = JsonText.str(n, "link_type");
    b.address = JsonText.str(n, "address");
    if (n.path("link_pointtopoint").asBoolean(false)) {
      b.peerAddress = JsonText.str(n, "broadcast");
    } else {
      b.broadcast = JsonText.str(n, "broadcast");
    }
    b.linkNetnsid = JsonText.integer(n, "link_netnsid");
    b.alias = JsonText.str(n, "ifalias");
    b.altnames.addAll(JsonText.strings(n, "altnames"));
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!FIELDS.contains(e.getKey()) && !e.getValue().isContainerNode()) {
        b.attributes.put(textAttributeName(e.getKey()), e.getValue().asText());
      }
    }
    JsonNode li = n.get("linkinfo");
    if (li != null) {
      String kind = JsonText.str(li, "info_kind");
      if (kind != null) {
        b.info = info(kind, li.get("info_data"));
      }
      String slave = JsonText.str(li, "info_slave_kind");
      if (slave != null) {
        b.slaveInfo = info(slave + "_slave", li.get("info_slave_data"));
      }
    }
    JsonNode st = n.has("stats64") ? n.get("stats64") : n.get("stats");
    if (st != null) {
      b.rx = counters(st.get("rx"));
      b.tx = counters(st.get("tx"));
    }
    return b.build();
  }

  /** JSON generic attribute names to the text words, so both forms fill the same map keys. */
  private static String textAttributeName(String json) {
    return switch (json) {
      case "min_mtu" -> "minmtu";
      case "max_mtu" -> "maxmtu";
      case "num_tx_queues" -> "numtxqueues";
      case "num_rx_queues" -> "numrxqueues";
      case "inet6_addr_gen_mode" -> "addrgenmode";
      default -> json;
    };
  }

  private static LinkInfo info(String kind, JsonNode data) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> flags = new ArrayList<>();
    boolean port = kind.endsWith("_slave") || kind.equals("bridge");
    if (data != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        JsonNode v = e.getValue();
        if (kind.equals("vxlan") || kind.equals("geneve")) {
          if (key.equals("link")) {
            key = "dev";
          } else if (key.equals("port")) {
            key = "dstport";
          } else if (key.equals("port_range")) {
            options.put("srcport", v.path("low").asText() + " " + v.path("high").asText());
            continue;
          } else if (key.equals("learning") && v.isBoolean()) {
            flags.add(v.asBoolean() ? "learning" : "nolearning");
            continue;
          }
        }
        if (v.isArray() && key.equals("flags")) {
          flags.add("<" + String.join(",", JsonText.strings(data, "flags")) + ">");
        } else if (v.isBoolean()) {
          options.put(key, port ? (v.asBoolean() ? "on" : "off") : String.valueOf(v.asBoolean()));
        } else if (!v.isNull()) {
          options.put(key, v.isContainerNode() ? v.toString() : v.asText());
        }
      }
    }
    return new LinkInfo(kind, options, flags);
  }

  private static Map<String, Long> counters(JsonNode n) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (n != null) {
      n.fields().forEachRemaining(e -> {
        if (e.getValue().isNumber()) {
          out.put(e.getKey(), e.getValue().asLong());
        } else if (e.getValue().isObject()) { // -s -s: nested rx_errors/tx_errors
          e.getValue().fields().forEachRemaining(
              x -> out.put("errors_" + x.getKey(), x.getValue().asLong()));
        }
      });
    }
    return out;
  }
}
