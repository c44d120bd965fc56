package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.node.Conntrack;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code insert_failed > 0} in {@code conntrack -S}: the conntrack race that makes parallel UDP queries (glibc's A and
 * AAAA over one socket) lose one and wait the 5-second resolver timeout (seed 002; kubernetes#56903). Also names the
 * SNAT rules of KUBE-POSTROUTING that lack {@code --random-fully}, the related port-allocation race.
 */
public final class NodeConntrackInsertFailed implements Check {
  static final CheckInfo INFO = new CheckInfo("node-conntrack-insert-failed", "Conntrack insert races",
      Severity.WARNING, Layer.INFRASTRUCTURE, "Finds nodes whose conntrack -S counts insert_failed, the race behind "
          + "5-second DNS delays.");
  private static final List<String> SNAT_CHAINS = List.of("KUBE-POSTROUTING", "FLANNEL-POSTRTG");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.CONNTRACK)) {
      Conntrack c = n.conntrack();
      if (c.insertFailed() < 0) {
        ctx.insufficient("node " + n.name() + ": conntrack -S not collected, insert_failed unknown");
        continue;
      }
      if (c.insertFailed() == 0) continue;
      List<NfRule> snat = snatRules(n);
      List<NfRule> notRandom = snat.stream().filter(r -> !r.targetOptions().containsKey("random-fully")
          && !r.raw().contains("--random-fully")).toList();
      var b = ctx.finding(Subject.node(n.name()), "Conntrack insert_failed = " + c.insertFailed() + " on node "
              + n.name())
          .evidence(ctx.evidence(c.statsRef(), "insert_failed summed over CPUs: " + c.insertFailed()));
      notRandom.forEach(r -> b.evidence(ctx.evidence(r.ref(), r.target() + " without --random-fully")));
      b.explain("Node " + n.name() + " counted " + c.insertFailed() + " failed conntrack inserts: two packets of "
              + "the same new flow raced through NAT and the loser was dropped. The classic victim is DNS: glibc "
              + "sends the A and AAAA queries in parallel from one socket, one is dropped, and the lookup waits the "
              + "5-second resolver timeout (seed 002 \"DNS解析緩慢\", kubernetes#56903)."
              + (notRandom.isEmpty() ? (snat.isEmpty() ? "" : " The " + snat.size() + " MASQUERADE/SNAT "
                  + "rule(s) of KUBE-POSTROUTING/FLANNEL-POSTRTG use --random-fully.") : " " + notRandom.size() + " MASQUERADE/SNAT rule(s) in "
                  + String.join("/", notRandom.stream().map(NfRule::chain).distinct().toList()) + " lack "
                  + "--random-fully, so SNAT port choice races too (connection timeouts under load)."))
          .remedy("Per pod: dnsConfig options single-request-reopen (glibc) or use-vc (DNS over TCP); cluster-wide: "
              + "NodeLocal DNSCache, which keeps pod DNS off conntrack'd UDP NAT. Kernel: make sure the node runs "
              + "a kernel with \"netfilter: nf_conntrack: resolve clash for matching conntracks\" and \"netfilter: "
              + "nf_nat: return the same reply tuple for matching CTs\" (seed 002)."
              + (notRandom.isEmpty() ? "" : " Add --random-fully to the MASQUERADE rules (kube-proxy and flannel "
                  + "do so when the iptables binary supports it; an old iptables in the image is the usual cause)."));
      out.add(b.build());
    }
    return out;
  }

  /** MASQUERADE/SNAT rules of the nat chains kube-proxy and flannel write. */
  static List<NfRule> snatRules(NodeDataplane n) {
    List<NfRule> out = new ArrayList<>();
    for (String chain : SNAT_CHAINS) {
      n.netfilter().chain("nat", chain).ifPresent(c -> c.rules().stream()
          .filter(r -> r.target().equals("MASQUERADE") || r.target().equals("SNAT"))
          .forEach(out::add));
    }
    return out;
  }
}
