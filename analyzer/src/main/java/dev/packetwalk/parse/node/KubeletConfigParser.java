package dev.packetwalk.parse.node;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the kubelet's config file (its {@code --config}, a {@code KubeletConfiguration}):
 *
 * <pre>
 * apiVersion: kubelet.config.k8s.io/v1beta1
 * kind: KubeletConfiguration
 * clusterDNS:
 * - 10.96.0.10
 * clusterDomain: cluster.local
 * </pre>
 *
 * gives {@code KubeletConfig[kind=KubeletConfiguration, fields={..., clusterDNS=Field[value=["10.96.0.10"],
 * line=3], clusterDomain=Field[value="cluster.local", line=5]}]}. Every top-level field is kept with the line of its
 * key. Text that is not YAML keeps the fields read before the error and gives a MALFORMED warning; another
 * {@code kind}, a duplicate key, or a networking field of the wrong shape gives a warning too.
 */
public final class KubeletConfigParser {
  public static final String PATH = "nodes/{node}/kubelet/config.yaml";

  public static final String CLUSTER_DNS = "clusterDNS";
  public static final String CLUSTER_DOMAIN = "clusterDomain";
  public static final String HAIRPIN_MODE = "hairpinMode";
  public static final String RESOLV_CONF = "resolvConf";
  public static final String CGROUP_DRIVER = "cgroupDriver";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> SCALARS = List.of(CLUSTER_DOMAIN, HAIRPIN_MODE, RESOLV_CONF, CGROUP_DRIVER);

  private KubeletConfigParser() {}

  /** One top-level field: its value as read and the line of its key. */
  public record Field(String name, JsonNode value, int line) {
    /** A scalar as text; null for a list, a map or YAML null. */
    public String text() {
      return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** A list's scalar elements as text; empty when the value is not a list. */
    public List<String> items() {
      List<String> out = new ArrayList<>();
      if (value.isArray()) value.forEach(n -> { if (n.isValueNode() && !n.isNull()) out.add(n.asText()); });
      return out;
    }
  }

  /** The file's fields in file order; {@code apiVersion} and {@code kind} are also among them. */
  public record KubeletConfig(String apiVersion, String kind, Map<String, Field> fields) {
    public KubeletConfig {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public Optional<Field> field(String name) {
      return Optional.ofNullable(fields.get(name));
    }
  }

  public static Parsed<KubeletConfig> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    Map<String, Field> fields = new LinkedHashMap<>();
    try (JsonParser p = YAML.getFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      boolean mapping = t == JsonToken.START_OBJECT;
      if (t != null && !mapping) {
        warnings.add(new ParseWarning(file, p.currentTokenLocation().getLineNr(), ParseWarning.Kind.MALFORMED,
            "a KubeletConfiguration is a YAML mapping", t.asString()));
      }
      while (mapping && p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        int line = p.currentTokenLocation().getLineNr();
        p.nextToken();
        JsonNode value = YAML.readTree(p);
        if (fields.containsKey(name)) {
          warnings.add(new ParseWarning(file, line, ParseWarning.Kind.MALFORMED,
              "duplicate field '" + name + "': the kubelet's strict decoding refuses it; the last one is kept", name));
        }
        fields.put(name, new Field(name, value == null ? NullNode.getInstance() : value, line));
      }
      if (mapping && p.nextToken() != null) {
        warnings.add(new ParseWarning(file, p.currentTokenLocation().getLineNr(), ParseWarning.Kind.UNRECOGNIZED,
            "more than one YAML document: only the first is read", ""));
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
      warnings.add(new ParseWarning(file, line, ParseWarning.Kind.MALFORMED, "not valid YAML: "
          + firstLine(e.getOriginalMessage()), ""));
    } catch (IOException | RuntimeException e) {
      warnings.add(ParseWarning.of(file, 0, ParseWarning.Kind.MALFORMED, "not valid YAML: "
          + e.getClass().getSimpleName()));
    }
    shapes(file, fields, warnings);
    Field kind = fields.get("kind");
    Field api = fields.get("apiVersion");
    return new Parsed<>(new KubeletConfig(api == null ? null : api.text(), kind == null ? null : kind.text(),
        fields), warnings);
  }

  /** The kubelet refuses to start on these; the record keeps the value as written. */
  private static void shapes(String file, Map<String, Field> fields, List<ParseWarning> warnings) {
    Field kind = fields.get("kind");
    if (!fields.isEmpty() && (kind == null || !"KubeletConfiguration".equals(kind.text()))) {
      warnings.add(new ParseWarning(file, kind == null ? 0 : kind.line(), ParseWarning.Kind.UNRECOGNIZED,
          "not a KubeletConfiguration", kind == null ? "" : String.valueOf(kind.text())));
    }
    Field dns = fields.get(CLUSTER_DNS);
    if (dns != null && !dns.value().isNull() && (!dns.value().isArray() || dns.items().size() != dns.value().size())) {
      warnings.add(new ParseWarning(file, dns.line(), ParseWarning.Kind.MALFORMED,
          "clusterDNS must be a list of addresses", dns.value().toString()));
    }
    for (String name : SCALARS) {
      Field f = fields.get(name);
      if (f != null && f.value().isContainerNode()) {
        warnings.add(new ParseWarning(file, f.line(), ParseWarning.Kind.MALFORMED, name + " must be a string",
            f.value().toString()));
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable content";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
