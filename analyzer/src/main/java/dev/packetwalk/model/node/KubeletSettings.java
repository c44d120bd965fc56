package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * The kubelet settings that shape pod networking, from its config file or, when set there, its command line (flags
 * win, as in the kubelet).
 *
 * @param hairpinMode {@code promiscuous-bridge}, {@code hairpin-veth}, {@code none}, or "" when not set
 * @param resolvConf the resolv.conf pods inherit, or ""
 */
public record KubeletSettings(List<String> clusterDNS, String clusterDomain, String hairpinMode, String resolvConf,
    SourceRef ref) {

  public static final KubeletSettings NONE = new KubeletSettings(List.of(), "", "", "", SourceRef.NONE);

  public KubeletSettings {
    clusterDNS = List.copyOf(clusterDNS);
    clusterDomain = clusterDomain == null ? "" : clusterDomain;
    hairpinMode = hairpinMode == null ? "" : hairpinMode;
    resolvConf = resolvConf == null ? "" : resolvConf;
    ref = ref == null ? SourceRef.NONE : ref;
  }
}
