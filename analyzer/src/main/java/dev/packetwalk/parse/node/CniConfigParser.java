package dev.packetwalk.parse.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.parse.Json;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a CNI network config: a {@code .conflist} ({@code {"name":..., "plugins":[...]}}) or a single-plugin
 * {@code .conf} ({@code {"name":..., "type":"bridge", ...}}, read as a list of one).
 *
 * <pre>
 * {"name":"cbr0","cniVersion":"0.3.1","plugins":[
 *   {"type":"flannel","delegate":{"hairpinMode":true,"isDefaultGateway":true}},
 *   {"type":"portmap","capabilities":{"portMappings":true}}]}
 * </pre>
 *
 * gives {@code CniConfig[name=cbr0, cniVersion=0.3.1, plugins=[CniPlugin[type=flannel, delegate={...}], ...]]}.
 * Templates are common in bundles: {@code __KUBECONFIG_FILEPATH__}-style placeholders and Jinja {@code {{ x }}}
 * each give an UNSUPPORTED warning; an unquoted placeholder ({@code "mtu": __CNI_MTU__}) is replaced by {@code null}
 * so the rest still parses. Text that is not JSON even then gives a MALFORMED warning and an empty config.
 */
public final class CniConfigParser {
  public static final String PATH = "nodes/{node}/files/etc/cni/net.d/{file}";

  private static final Pattern PLACEHOLDER = Pattern.compile("__[A-Z0-9_]+__");
  private static final Pattern JINJA = Pattern.compile("\\{\\{[^}]*}}|\\{%[^%]*%}");
  private static final Pattern BARE_PLACEHOLDER = Pattern.compile(":\\s*(__[A-Z0-9_]+__)");

  private CniConfigParser() {}

  /** One network config. {@code raw} is the parsed JSON (after placeholder repair), for keys not mapped here. */
  public record CniConfig(String name, String cniVersion, boolean conflist, List<CniPlugin> plugins, JsonNode raw) {
    public CniConfig {
      plugins = List.copyOf(plugins);
    }
  }

  /**
   * One plugin of the chain.
   *
   * @param ipamRanges {@code ipam.ranges} flattened to subnets; {@code ipam.subnet} is kept separately
   * @param raw the plugin object, for every other key
   */
  public record CniPlugin(String type, String name, String bridge, Boolean isGateway, Boolean isDefaultGateway,
      Boolean ipMasq, Boolean hairpinMode, Integer mtu, String ipamType, String ipamSubnet, List<String> ipamRanges,
      List<String> ipamRoutes, String ipamDataDir, JsonNode delegate, JsonNode raw) {
    public CniPlugin {
      ipamRanges = List.copyOf(ipamRanges);
      ipamRoutes = List.copyOf(ipamRoutes);
    }
  }

  public static Parsed<CniConfig> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    String[] lines = Lines.of(text);
    for (int i = 0; i < lines.length; i++) {
      Matcher p = PLACEHOLDER.matcher(lines[i]);
      Matcher j = JINJA.matcher(lines[i]);
      if (p.find() || j.find()) {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNSUPPORTED,
            "template placeholder, not a value: the file is a template or was never rendered", lines[i].strip()));
      }
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(BARE_PLACEHOLDER.matcher(text).replaceAll(": null"));
    } catch (JsonProcessingException e) {
      warnings.add(new ParseWarning(file, 0, ParseWarning.Kind.MALFORMED, "not JSON: " + e.getOriginalMessage(), ""));
      return new Parsed<>(new CniConfig(null, null, false, List.of(), Json.mapper().nullNode()), warnings);
    }
    if (root == null || !root.isObject()) {
      warnings.add(ParseWarning.of(file, 0, ParseWarning.Kind.MALFORMED, "CNI config must be a JSON object"));
      return new Parsed<>(new CniConfig(null, null, false, List.of(), Json.mapper().nullNode()), warnings);
    }
    boolean conflist = root.has("plugins");
    List<CniPlugin> plugins = new ArrayList<>();
    if (conflist) {
      for (JsonNode p : root.path("plugins")) {
        plugins.add(plugin(p));
      }
    } else if (root.has("type")) {
      plugins.add(plugin(root));
    } else {
      warnings.add(ParseWarning.of(file, 0, ParseWarning.Kind.UNRECOGNIZED,
          "neither 'plugins' nor 'type': not a CNI network config"));
    }
    return new Parsed<>(new CniConfig(str(root, "name"), str(root, "cniVersion"), conflist, plugins, root),
        warnings);
  }

  private static CniPlugin plugin(JsonNode p) {
    JsonNode ipam = p.path("ipam");
    List<String> ranges = new ArrayList<>();
    for (JsonNode set : ipam.path("ranges")) {
      for (JsonNode r : set) {
        if (str(r, "subnet") != null) {
          ranges.add(str(r, "subnet"));
        }
      }
    }
    List<String> routes = new ArrayList<>();
    for (JsonNode r : ipam.path("routes")) {
      if (str(r, "dst") != null) {
        routes.add(str(r, "dst"));
      }
    }
    JsonNode mtu = p.get("mtu");
    return new CniPlugin(str(p, "type"), str(p, "name"), str(p, "bridge"), bool(p, "isGateway"),
        bool(p, "isDefaultGateway"), bool(p, "ipMasq"), bool(p, "hairpinMode"),
        mtu != null && mtu.canConvertToInt() && mtu.isNumber() ? Integer.valueOf(mtu.asInt()) : null,
        str(ipam, "type"), str(ipam, "subnet"), ranges, routes, str(ipam, "dataDir"), p.get("delegate"), p);
  }

  private static String str(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static Boolean bool(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || !v.isBoolean() ? null : v.asBoolean();
  }
}
