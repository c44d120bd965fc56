package dev.packetwalk.parse.node;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses flannel's {@code /run/flannel/subnet.env}:
 *
 * <pre>
 * FLANNEL_NETWORK=10.1.0.0/16
 * FLANNEL_SUBNET=10.1.84.1/24
 * FLANNEL_MTU=8908
 * FLANNEL_IPMASQ=true
 * </pre>
 *
 * gives {@code FlannelSubnetEnv[network=10.1.0.0/16, subnet=10.1.84.1/24, mtu=8908, ipMasq=true, ...]}; IPv6
 * ({@code FLANNEL_IPV6_NETWORK}, {@code FLANNEL_IPV6_SUBNET}) and any other keys stay in {@code values}.
 */
public final class FlannelSubnetEnvParser {
  public static final String PATH = "nodes/{node}/files/run/flannel/subnet.env";

  private FlannelSubnetEnvParser() {}

  /** The file's facts; {@code values} holds every key as written. */
  public record FlannelSubnetEnv(String network, String subnet, Integer mtu, Boolean ipMasq, String ipv6Network,
      String ipv6Subnet, Map<String, String> values) {
    public FlannelSubnetEnv {
      values = Map.copyOf(values);
    }
  }

  public static Parsed<FlannelSubnetEnv> parse(String file, String text) {
    List<ParseWarning> warnings = new ArrayList<>();
    Map<String, String> v = new LinkedHashMap<>();
    String[] lines = Lines.of(text);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED, "not KEY=VALUE", line));
        continue;
      }
      v.put(line.substring(0, eq), line.substring(eq + 1));
    }
    Integer mtu = null;
    try {
      mtu = v.containsKey("FLANNEL_MTU") ? Integer.valueOf(v.get("FLANNEL_MTU")) : null;
    } catch (NumberFormatException e) {
      warnings.add(new ParseWarning(file, 0, ParseWarning.Kind.MALFORMED, "FLANNEL_MTU is not a number",
          v.get("FLANNEL_MTU")));
    }
    Boolean masq = v.containsKey("FLANNEL_IPMASQ") ? Boolean.valueOf(v.get("FLANNEL_IPMASQ")) : null;
    return new Parsed<>(new FlannelSubnetEnv(v.get("FLANNEL_NETWORK"), v.get("FLANNEL_SUBNET"), mtu, masq,
        v.get("FLANNEL_IPV6_NETWORK"), v.get("FLANNEL_IPV6_SUBNET"), v), warnings);
  }
}
