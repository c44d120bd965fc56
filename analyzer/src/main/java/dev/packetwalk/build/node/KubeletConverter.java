package dev.packetwalk.build.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.KubeletSettings;
import dev.packetwalk.parse.ParseWarning;
import java.util.ArrayList;
import java.util.List;

/**
 * The kubelet's networking settings: its config file, overridden by command-line flags as the kubelet does. Both
 * are small and read here; the fields are the four that matter for pod DNS and hairpin traffic.
 */
final class KubeletConverter {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private KubeletConverter() {}

  static KubeletSettings settings(String configFile, String config, String cmdlineFile, String cmdline,
      List<ParseWarning> warnings) {
    List<String> dns = new ArrayList<>();
    String domain = "";
    String hairpin = "";
    String resolv = "";
    SourceRef ref = SourceRef.NONE;
    if (config != null) {
      try {
        JsonNode root = YAML.readTree(config);
        if (root != null) {
          root.path("clusterDNS").forEach(n -> dns.add(n.asText()));
          domain = root.path("clusterDomain").asText("");
          hairpin = root.path("hairpinMode").asText("");
          resolv = root.path("resolvConf").asText("");
        }
        ref = SourceRef.line(configFile, lineOf(config, "clusterDNS:"));
      } catch (Exception e) {
        warnings.add(ParseWarning.of(configFile, 0, ParseWarning.Kind.MALFORMED, "not valid YAML: "
            + e.getClass().getSimpleName()));
      }
    }
    if (cmdline != null) {
      String[] lines = cmdline.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String l = lines[i].strip();
        String v = l.contains("=") ? l.substring(l.indexOf('=') + 1) : "";
        if (l.startsWith("--cluster-dns=")) {
          dns.clear();
          dns.addAll(List.of(v.split(",")));
          ref = SourceRef.line(cmdlineFile, i + 1);
        } else if (l.startsWith("--cluster-domain=")) {
          domain = v;
        } else if (l.startsWith("--hairpin-mode=")) {
          hairpin = v;
        } else if (l.startsWith("--resolv-conf=")) {
          resolv = v;
        }
      }
    }
    return new KubeletSettings(dns, domain, hairpin, resolv, ref);
  }

  private static int lineOf(String text, String prefix) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) if (lines[i].startsWith(prefix)) return i + 1;
    return 1;
  }
}
