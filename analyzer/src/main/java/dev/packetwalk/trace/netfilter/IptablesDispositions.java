package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.NfMatch;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.trace.Disposition;
import java.util.List;
import java.util.Locale;

/**
 * Names why a DROP or REJECT happened, from the deciding rule, its comment and the chains that led to it, so that a
 * verdict says "no endpoints" or "NetworkPolicy" rather than only "denied". Order matters: kube-proxy's own comments
 * are the most specific evidence, then a conntrack INVALID match, then the chain names of policy engines.
 */
public final class IptablesDispositions {
  private IptablesDispositions() {}

  private static final List<String> POLICY_CHAINS = List.of("cali-tw-", "cali-fw-", "cali-pi-", "cali-po-",
      "KUBE-NWPLCY-", "KUBE-POD-FW-", "AZURE-NPM", "CILIUM_", "cilium");

  /**
   * @param rule the DROP/REJECT rule, or null when a built-in chain's policy dropped
   * @param chainPath the chains on the call stack when it decided, outermost first
   */
  public static Disposition classify(Hook hook, NfRule rule, List<String> chainPath) {
    if (rule != null) {
      String comment = comments(rule);
      if (rule.target().equals("REJECT") && comment.contains("has no endpoints")) {
        return Disposition.REJECTED_NO_ENDPOINTS;
      }
      if (comment.contains("has no local endpoints")) return Disposition.DROPPED_NO_LOCAL_ENDPOINTS;
      if (comment.contains("traffic not accepted by") || rule.chain().equals("KUBE-PROXY-FIREWALL")
          || chainPath.stream().anyMatch(c -> c.startsWith("KUBE-FW-"))) {
        return Disposition.DROPPED_LB_SOURCE_RANGE;
      }
      if (invalidState(rule)) return Disposition.DROPPED_CT_INVALID;
      if (comment.contains("drop if no policies passed packet")) return Disposition.DROPPED_BY_POLICY;
    }
    for (String c : chainPath) {
      for (String p : POLICY_CHAINS) {
        if (c.startsWith(p)) return Disposition.DROPPED_BY_POLICY;
      }
    }
    return switch (hook) {
      case OUTPUT, POSTROUTING -> Disposition.DENIED_OUT;
      default -> Disposition.DENIED_IN;
    };
  }

  /** Every {@code --comment} of the rule (Calico writes two), lower-cased. */
  private static String comments(NfRule rule) {
    StringBuilder b = new StringBuilder(rule.comment());
    for (NfMatch m : rule.matches()) {
      if (m.module().equals("comment") && m.options().containsKey("comment")) {
        b.append('\n').append(String.join(" ", m.options().get("comment")));
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /** {@code -m conntrack --ctstate INVALID} or {@code -m state --state INVALID}, not negated. */
  private static boolean invalidState(NfRule rule) {
    for (NfMatch m : rule.matches()) {
      String opt = m.module().equals("conntrack") ? "ctstate" : m.module().equals("state") ? "state" : null;
      if (opt == null || m.negated(opt)) continue;
      String v = m.option(opt);
      if (v != null && List.of(v.toUpperCase(Locale.ROOT).split(",")).contains("INVALID")) return true;
    }
    return false;
  }
}
