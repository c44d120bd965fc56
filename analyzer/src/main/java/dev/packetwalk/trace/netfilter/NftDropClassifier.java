package dev.packetwalk.trace.netfilter;

import dev.packetwalk.trace.Disposition;
import java.util.List;

/**
 * Names the cause of an nft DROP or REJECT the way kube-proxy's rules mean it, so that a broken path says "no
 * endpoints" rather than "denied". kube-proxy's nftables mode (1.29+) sends a packet to a Service with no endpoints
 * through the {@code no-endpoint-services} / {@code no-endpoint-nodeports} verdict maps: {@code goto reject-chain}
 * when the Service has no endpoints at all, {@code drop} when it has none on this node for a {@code Local} traffic
 * policy. {@code firewall-ips} leads to the {@code firewall-…} chains of {@code loadBalancerSourceRanges}. The
 * iptables mode's comments ({@code has no endpoints}, {@code has no local endpoints}) are honoured too.
 */
final class NftDropClassifier {

  private NftDropClassifier() {}

  /**
   * @param path the chains entered and the named verdict maps consulted ({@code @no-endpoint-services}) on the way
   * @param terms the deciding rule's terms, empty for a chain policy
   * @param comment the deciding rule's comment, or null
   */
  static Disposition classify(Hook hook, List<String> path, List<NftTerm> terms, String comment, boolean reject) {
    if (path.contains("@no-endpoint-services") || path.contains("@no-endpoint-nodeports")) {
      return reject ? Disposition.REJECTED_NO_ENDPOINTS : Disposition.DROPPED_NO_LOCAL_ENDPOINTS;
    }
    if (path.contains("@firewall-ips") || path.contains("firewall-allow-check")) {
      return Disposition.DROPPED_LB_SOURCE_RANGE;
    }
    if (!reject && invalidState(terms)) return Disposition.DROPPED_CT_INVALID;
    if (comment != null && comment.contains("has no local endpoints")) {
      return Disposition.DROPPED_NO_LOCAL_ENDPOINTS;
    }
    if (comment != null && comment.contains("has no endpoints")) return Disposition.REJECTED_NO_ENDPOINTS;
    return hook == Hook.OUTPUT || hook == Hook.POSTROUTING ? Disposition.DENIED_OUT : Disposition.DENIED_IN;
  }

  private static boolean invalidState(List<NftTerm> terms) {
    for (NftTerm t : terms) {
      if (t instanceof NftTerm.Match m && m.selectors().equals(List.of(NftSelector.CT_STATE)) && m.op().equals("==")
          && m.values().stream().anyMatch(e -> e.keyText().equals("invalid"))) {
        return true;
      }
    }
    return false;
  }
}
