package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.parse.nft.NftRule;
import java.util.ArrayList;
import java.util.List;

/**
 * MASQUERADE without {@code --random-fully} in the chains that SNAT pod and Service traffic (KUBE-POSTROUTING, the
 * CNI's masquerade chains) on a node whose conntrack counts {@code insert_failed}: two connections picked the same
 * source port and one lost the race (seed 002, "未設置 --random-fully 導致無法為 SNAT 分配端口"; kubernetes#56903).
 */
public final class KubeProxyMasqueradeRandomFully implements Check {
  static final CheckInfo INFO = new CheckInfo("kube-proxy-masquerade-random-fully",
      "MASQUERADE without --random-fully while conntrack insertions fail", Severity.WARNING, Layer.KUBERNETES,
      "Finds MASQUERADE rules of kube-proxy or the CNI without --random-fully on nodes whose conntrack insert_failed "
          + "is above zero.");
  private static final List<String> CHAINS = List.of("KUBE-POSTROUTING", "FLANNEL-POSTRTG", "cali-nat-outgoing",
      "CILIUM_POST_nat", "WEAVE", "AWS-SNAT-CHAIN-0", "AWS-SNAT-CHAIN-1", "KUBE-ROUTER-POSTROUTING", "POSTROUTING");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.CONNTRACK)) {
      if (!n.has(NodeEvidence.IPTABLES) && !n.has(NodeEvidence.NFT)) {
        ctx.insufficient("node " + n.name() + ": no iptables or nft rules collected");
        continue;
      }
      if (n.conntrack().insertFailed() < 0) {
        ctx.insufficient("node " + n.name() + ": conntrack -S (insert_failed) not collected");
        continue;
      }
      if (n.conntrack().insertFailed() == 0) continue;
      var f = ctx.finding(Subject.node(n.name()), "SNAT without --random-fully on " + n.name() + " while "
          + n.conntrack().insertFailed() + " conntrack insertions failed");
      List<String> rules = new ArrayList<>();
      for (NfRule r : n.netfilter().rules()) {
        if (!r.table().equals("nat") || !r.target().equals("MASQUERADE") || !owned(r.chain())) continue;
        if (r.targetOptions().containsKey("random-fully")) continue;
        rules.add(r.chain() + " rule " + r.index());
        f.evidence(ctx.evidence(r.ref(), r.chain() + ": MASQUERADE without --random-fully"));
      }
      KubeProxyMode.nftTable(n).ifPresent(t -> t.chains().forEach(c -> {
        for (NftRule r : c.rules()) {
          if (r.nat() == null || !r.nat().kind().equals("masquerade") || r.nat().flags().contains("fully-random")) {
            continue;
          }
          rules.add("nft kube-proxy " + c.name());
          f.evidence(ctx.evidence(KubeProxyMode.nftRef(n, r.line()), c.name() + ": masquerade without fully-random"));
        }
      }));
      if (rules.isEmpty()) continue;
      f.evidence(ctx.evidence(n.conntrack().statsRef(), "insert_failed summed over CPUs: "
          + n.conntrack().insertFailed()));
      out.add(f.explain("On node " + n.name() + ", " + String.join(", ", rules) + " masquerade" + (rules.size() == 1
              ? "s" : "") + " without --random-fully, and conntrack -S counts " + n.conntrack().insertFailed()
              + " failed insertions. Without fully random source ports, two connections SNATed at the same moment "
              + "can get the same port; the second loses the race in conntrack and its packet is dropped. The "
              + "client retries after a timeout: the familiar 1 s / 3 s connect delays and 5 s DNS lookups.")
          .remedy("Use a kube-proxy (1.16+) and CNI that write --random-fully (needs iptables 1.6.2+ and a kernel "
              + "with NF_NAT_RANGE_PROTO_RANDOM_FULLY); for flannel set --iptables-forward-rules and upgrade; for DNS "
              + "add 'options single-request-reopen' or use NodeLocal DNSCache.")
          .build());
    }
    return out;
  }

  private static boolean owned(String chain) {
    return CHAINS.contains(chain) || chain.startsWith("CNI-") || chain.startsWith("cali-");
  }
}
