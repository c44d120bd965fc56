package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.node.NfChain;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * filter FORWARD ends in DROP (its policy, or a final unconditional DROP/REJECT) and nothing on the way accepts pod
 * traffic. Docker ≥ 1.13 sets the policy to DROP; kube-proxy's KUBE-FORWARD accepts only replies
 * ({@code ctstate RELATED,ESTABLISHED}) and Service traffic it marked, so new pod-to-pod connections between nodes
 * still fall through to the DROP (seed 002).
 */
public final class NodeForwardPolicyDrop implements Check {
  static final CheckInfo INFO = new CheckInfo("node-forward-policy-drop", "FORWARD chain drops pod traffic",
      Severity.ERROR, Layer.INFRASTRUCTURE,
      "Finds nodes whose filter FORWARD chain ends in DROP with no rule accepting pod traffic.");
  private static final int MAX_DEPTH = 4;

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.IPTABLES)) {
      Optional<NfChain> forward = n.netfilter().chain("filter", "FORWARD");
      if (forward.isEmpty()) continue;
      NfChain fw = forward.get();
      Optional<NfRule> finalDrop = fw.rules().isEmpty() ? Optional.empty()
          : Optional.of(fw.rules().get(fw.rules().size() - 1)).filter(r -> r.discards() && unconditional(r));
      if (!fw.policy().equals("DROP") && finalDrop.isEmpty()) continue;
      List<IPAddress> pods = PodNetworks.podCidrs(ctx.cluster(), n);
      if (accepts(n, fw, pods, new HashSet<>(), 0)) continue;
      var f = ctx.finding(Subject.node(n.name()), "FORWARD drops pod traffic on node " + n.name());
      String how;
      if (finalDrop.isPresent()) {
        NfRule d = finalDrop.get();
        f.evidence(ctx.evidence(d.ref(), "final " + d.target() + " of FORWARD, counters " + counters(d.counters(),
            d.delta())));
        how = "its last rule is an unconditional " + d.target() + " (" + counters(d.counters(), d.delta()) + ")";
      } else {
        f.evidence(ctx.evidence(fw.ref(), "FORWARD policy DROP, counters " + counters(fw.policyCounters(),
            fw.policyDelta())));
        how = "its policy is DROP (" + counters(fw.policyCounters(), fw.policyDelta()) + " packets and bytes fell "
            + "through to it)";
      }
      n.netfilter().chain("filter", "KUBE-FORWARD").ifPresent(k -> k.rules().stream()
          .filter(r -> r.target().equals("ACCEPT")).forEach(r -> f.evidence(ctx.evidence(r.ref(),
              "kube-proxy accepts only replies and marked Service traffic here"))));
      boolean rising = finalDrop.map(r -> r.packetDelta() > 0).orElse(fw.policyDelta() != null
          && fw.policyDelta().packets() > 0);
      out.add(f.explain("The filter FORWARD chain of node " + n.name() + " drops what no rule accepted: " + how
              + ". No rule reachable from FORWARD accepts traffic from or to the pod networks ("
              + (pods.isEmpty() ? "unknown: no podCIDR or CNI subnet in the evidence" : describe(pods)) + ") or on a "
              + "CNI interface. kube-proxy's KUBE-FORWARD accepts only replies (ctstate RELATED,ESTABLISHED) and "
              + "packets it marked for Services, so new connections between pods on different nodes, and from "
              + "outside to pods, are dropped here. Docker 1.13 and later sets this policy to DROP."
              + (rising ? " The drop counters rose between the two samples: packets are being dropped now." : ""))
          .remedy("Accept pod traffic in FORWARD on " + n.name() + ": upgrade or fix the CNI (flannel adds "
              + "FLANNEL-FWD accepting its network; Calico and Cilium add their own), or add "
              + "iptables -A FORWARD -s <cluster CIDR> -j ACCEPT and -d <cluster CIDR> -j ACCEPT; as a last resort "
              + "iptables -P FORWARD ACCEPT (e.g. ExecStartPost in docker.service).")
          .build());
    }
    return out;
  }

  /**
   * Whether an ACCEPT for pod traffic is reachable from {@code chain}: a rule matching a pod network or a CNI
   * interface, an unconditional ACCEPT, or any ACCEPT in a chain a CNI owns (Calico accepts on its policy mark).
   */
  private static boolean accepts(NodeDataplane n, NfChain chain, List<IPAddress> pods, Set<String> seen, int depth) {
    if (depth > MAX_DEPTH || !seen.add(chain.name())) return false;
    boolean cniChain = !chain.name().startsWith("KUBE-") && !chain.name().startsWith("DOCKER")
        && PodNetworks.ownedChain(chain.name());
    for (NfRule r : chain.rules()) {
      if (r.target().equals("ACCEPT") && (cniChain || unconditional(r) || forPods(r, pods))) return true;
      Optional<NfChain> next = n.netfilter().chain("filter", r.target());
      if (next.isPresent() && !next.get().builtin() && accepts(n, next.get(), pods, seen, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private static boolean forPods(NfRule r, List<IPAddress> pods) {
    if (PodNetworks.overlaps(r.source(), pods) && !r.match("source").get().negated("source")) return true;
    if (PodNetworks.overlaps(r.destination(), pods) && !r.match("destination").get().negated("destination")) {
      return true;
    }
    return PodNetworks.cniInterface(r.option("in-interface", "in-interface"))
        || PodNetworks.cniInterface(r.option("out-interface", "out-interface"));
  }

  /** No match but comments: the rule applies to every packet that gets to it. */
  static boolean unconditional(NfRule r) {
    return r.matches().stream().allMatch(m -> m.module().equals("comment"));
  }

  static String counters(dev.packetwalk.model.node.NfCounters c, dev.packetwalk.model.node.NfCounters delta) {
    if (c == null) return "no counters";
    return c.packets() + " packets / " + c.bytes() + " bytes" + (delta == null ? ""
        : ", " + (delta.packets() >= 0 ? "+" : "") + delta.packets() + " packets in the second sample");
  }

  private static String describe(List<IPAddress> pods) {
    return String.join(", ", pods.stream().map(IPAddress::toString).distinct().limit(4).toList());
  }
}
