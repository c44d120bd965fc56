package dev.packetwalk.check.netfilter;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.node.Netfilter;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * iptables rules split between the legacy and the nf_tables backend: the kernel applies both rule sets, but each
 * {@code iptables} binary shows and edits only its own. The classic cause is a component whose container image ships
 * the other {@code iptables} than the host's (kube-proxy, a CNI, Docker), so its rules land where the others never
 * look (kubernetes#71305, "iptables backend trap").
 */
public final class NetfilterBackendSplit implements Check {
  static final CheckInfo INFO = new CheckInfo("netfilter-backend-split",
      "iptables rules split between the legacy and nf_tables backends", Severity.ERROR, Layer.INFRASTRUCTURE,
      "Finds nodes whose iptables rules live in both iptables-legacy and iptables-nft, and says which component "
          + "wrote into which.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.IPTABLES)) {
      Netfilter nf = n.netfilter();
      if (!nf.bothBackendsHoldRules()) continue;
      var f = ctx.finding(Subject.node(n.name()), "iptables rules on " + n.name()
          + " are split between iptables-legacy and iptables-nft");
      StringBuilder who = new StringBuilder();
      for (Netfilter.Backend b : nf.backends()) {
        Map<String, NfRule> owners = owners(b.rules());
        if (owners.isEmpty()) continue;
        who.append(" ").append(b.name().equals("legacy") ? "iptables-legacy" : "iptables-nft").append(" holds ")
            .append(String.join(", ", owners.keySet())).append(" (").append(b.rules().size()).append(" rules).");
        owners.forEach((o, r) -> f.evidence(ctx.evidence(r.ref(), b.name() + ": " + o)));
      }
      if (who.isEmpty()) {
        f.evidence(ctx.evidence(nf.tables().isEmpty() ? dev.packetwalk.model.SourceRef.line(nf.file(), 1)
            : nf.tables().get(0).ref(), "iptables-save (" + nf.backend() + ") warns that the other backend has "
            + "tables"));
        who.append(" The per-backend dumps were not collected, so which component wrote where cannot be shown; "
            + "iptables-save (" + nf.backend() + ") warns that the other backend holds tables too.");
      }
      out.add(f.explain("Node " + n.name() + " has iptables rules in both backends." + who + " The kernel runs "
              + "both rule sets (legacy's xtables hooks and nf_tables' chains), but every tool — and every "
              + "component's own iptables binary — sees only one. A component that checks or repairs its rules in "
              + "one backend never sees the ones in the other: kube-proxy's Service rules and the CNI's "
              + "masquerade/forward rules act independently, a FORWARD DROP policy in one is not overridden by "
              + "ACCEPT rules in the other, and leftovers are never cleaned up.")
          .remedy("Pick the host's backend (update-alternatives --display iptables; iptables -V) and make every "
              + "component use it (kube-proxy and CNI images since ~2020 detect it with iptables-wrapper); flush "
              + "the other backend (iptables-legacy -F/-X for each table, or nft flush ruleset of the iptables-nft "
              + "tables) and restart the components so they re-create their rules.")
          .build());
    }
    return out;
  }

  /** Who wrote rules, by chain prefix (or jump target in a built-in chain): the first rule of each. */
  static Map<String, NfRule> owners(List<NfRule> rules) {
    TreeMap<String, NfRule> out = new TreeMap<>();
    for (NfRule r : rules) out.putIfAbsent(owner(r.chain().matches("[A-Z]+") ? r.target() : r.chain()), r);
    return out;
  }

  static String owner(String chain) {
    if (chain.startsWith("KUBE-NWPLCY") || chain.startsWith("KUBE-ROUTER") || chain.startsWith("KUBE-POD-FW")) {
      return "kube-router";
    }
    if (chain.startsWith("KUBE-")) return "kube-proxy/kubelet (KUBE-*)";
    if (chain.startsWith("cali-")) return "Calico (cali-*)";
    if (chain.startsWith("FLANNEL")) return "flannel (FLANNEL-*)";
    if (chain.startsWith("CILIUM")) return "Cilium (CILIUM_*)";
    if (chain.startsWith("DOCKER")) return "Docker (DOCKER*)";
    if (chain.startsWith("AZURE-NPM")) return "Azure NPM";
    if (chain.startsWith("WEAVE")) return "Weave";
    if (chain.startsWith("AWS-")) return "AWS VPC CNI";
    if (chain.startsWith("CNI-")) return "CNI portmap/bridge (CNI-*)";
    return "host rules";
  }
}
