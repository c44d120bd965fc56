package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.KubeletSettings;
import dev.packetwalk.parse.node.KubeletCmdlineParser;
import dev.packetwalk.parse.node.KubeletCmdlineParser.Flag;
import dev.packetwalk.parse.node.KubeletCmdlineParser.KubeletCmdline;
import dev.packetwalk.parse.node.KubeletConfigParser;
import dev.packetwalk.parse.node.KubeletConfigParser.Field;
import dev.packetwalk.parse.node.KubeletConfigParser.KubeletConfig;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet's networking settings: its config file, overridden by command-line flags as the kubelet does. The
 * model cites where clusterDNS came from, the setting pod DNS hangs on.
 */
final class KubeletConverter {
  private KubeletConverter() {}

  /** Either side may be null (not collected). */
  static KubeletSettings settings(String configFile, KubeletConfig config, String cmdlineFile, KubeletCmdline cmdline) {
    Optional<KubeletConfig> c = Optional.ofNullable(config);
    Optional<KubeletCmdline> k = Optional.ofNullable(cmdline);
    List<String> dns = c.flatMap(x -> x.field(KubeletConfigParser.CLUSTER_DNS)).map(Field::items).orElse(List.of());
    SourceRef ref = c.filter(x -> !x.fields().isEmpty()).map(x -> SourceRef.line(configFile,
        x.field(KubeletConfigParser.CLUSTER_DNS).map(Field::line).orElse(1))).orElse(SourceRef.NONE);
    String dnsFlag = KubeletCmdlineParser.FLAG_OF_FIELD.get(KubeletConfigParser.CLUSTER_DNS);
    Optional<Flag> dnsGiven = k.flatMap(x -> x.last(dnsFlag));
    if (dnsGiven.isPresent()) {
      dns = k.get().list(dnsFlag);
      ref = SourceRef.line(cmdlineFile, dnsGiven.get().line());
    }
    return new KubeletSettings(dns, scalar(c, k, KubeletConfigParser.CLUSTER_DOMAIN),
        scalar(c, k, KubeletConfigParser.HAIRPIN_MODE), scalar(c, k, KubeletConfigParser.RESOLV_CONF), ref);
  }

  /** The flag's value when given, else the config file's, else "". */
  private static String scalar(Optional<KubeletConfig> c, Optional<KubeletCmdline> k, String field) {
    return k.flatMap(x -> x.last(KubeletCmdlineParser.FLAG_OF_FIELD.get(field))).map(Flag::value)
        .or(() -> c.flatMap(x -> x.field(field)).map(Field::text)).orElse("");
  }
}
