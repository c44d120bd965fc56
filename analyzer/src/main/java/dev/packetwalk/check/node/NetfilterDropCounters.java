package dev.packetwalk.check.node;

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
import dev.packetwalk.model.node.PodJoin;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DROP and REJECT rules that have matched packets: each is a place where traffic died. Rising between the two
 * samples means it is dying now (ERROR). Calico's per-pod "Drop if no policies passed packet" rules are named by the
 * pod behind the interface; rules that no Kubernetes component writes but that touch pod or Service addresses are
 * called out as foreign (seed 002: "非 Kubernetes 管理的 iptables 規則禁止了 Pod 網絡").
 */
public final class NetfilterDropCounters implements Check {
  static final CheckInfo INFO = new CheckInfo("netfilter-drop-counters", "iptables rules are dropping packets",
      Severity.WARNING, Layer.INFRASTRUCTURE,
      "Finds DROP/REJECT rules whose packet counters are non-zero (ERROR when rising between the two samples).");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.IPTABLES)) {
      List<IPAddress> pods = PodNetworks.podCidrs(ctx.cluster(), n);
      List<IPAddress> services = PodNetworks.serviceIps(ctx.cluster());
      for (NfRule r : n.netfilter().rules()) {
        if (!r.discards() || (r.packets() <= 0 && r.packetDelta() <= 0)) continue;
        if (reportedElsewhere(r)) continue;
        out.add(finding(ctx, n, r, pods, services));
      }
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, NfRule r, List<IPAddress> pods,
      List<IPAddress> services) {
    boolean rising = r.packetDelta() > 0;
    String where = r.table() + " " + r.chain() + " rule " + r.index();
    String counts = r.packets() + " packets / " + r.counters().bytes() + " bytes"
        + (r.delta() == null ? "" : ", " + (rising ? "+" : "") + r.packetDelta() + " packets in the second sample");
    StringBuilder why = new StringBuilder("On node " + n.name() + ", " + where + " (" + r.target() + ") has matched "
        + counts + ". ");
    String title = r.target() + " in " + r.chain() + " on " + n.name() + (rising ? " is dropping packets now"
        : " has dropped packets");
    Optional<PodJoin> pod = calicoPod(n, r);
    List<dev.packetwalk.model.cluster.NetworkPolicy> policies = List.of();
    boolean policyChain = false;
    boolean foreign = !PodNetworks.ownedChain(r.chain()) && (touches(r, pods) || touches(r, services));
    if (pod.isPresent()) {
      PodJoin p = pod.get();
      String who = p.podKey().isEmpty() ? "the pod behind " + p.hostInterface() : "pod " + p.podKey();
      why.append("This is Calico's \"").append(dropComment(r)).append("\" for ").append(who).append(" (interface ")
          .append(p.hostInterface()).append("): NetworkPolicy ").append(r.chain().startsWith("cali-tw-")
              ? "ingress" : "egress").append(" is denying its traffic. ");
      title = "NetworkPolicy drops " + (r.chain().startsWith("cali-tw-") ? "to " : "from ") + (p.podKey().isEmpty()
          ? p.hostInterface() : p.podKey()) + " on " + n.name();
      policies = PolicyEnforcement.isolating(ctx.cluster(), p, r.chain().startsWith("cali-tw-"));
      if (!policies.isEmpty()) {
        why.append("The NetworkPolicies isolating it in that direction, whose rules this chain enforces: ")
            .append(String.join(", ", policies.stream().map(x -> x.meta().key()).toList())).append(". ");
      }
    } else if (PolicyEnforcement.component(r.chain()) != null) {
      why.append("This is ").append(PolicyEnforcement.component(r.chain())).append("'s NetworkPolicy enforcement "
          + "(chain ").append(r.chain()).append(")").append(r.comment().isEmpty() ? "" : ": \"" + r.comment()
          + "\"").append(", so a NetworkPolicy is denying this traffic. ");
      title = "NetworkPolicy (" + PolicyEnforcement.component(r.chain()) + ") drops packets on " + n.name();
      policyChain = true;
    } else if (foreign) {
      why.append("The rule is in chain ").append(r.chain()).append(", which no Kubernetes component writes, and it "
          + "matches pod or Service addresses: a foreign firewall rule (a host firewall, a hardening script, a "
          + "leftover) is dropping cluster traffic. ");
      title = "Foreign " + r.target() + " rule drops cluster traffic on " + n.name();
    }
    why.append(rising ? "The counter rose between the two samples, so traffic is being dropped at this moment."
        : "The counter did not rise between the samples" + (r.delta() == null ? " (no second sample)" : "")
            + ": the drops may be old.");
    var f = ctx.finding(Subject.node(n.name()), title).severity(rising ? Severity.ERROR : Severity.WARNING)
        .layer(pod.isPresent() || policyChain ? dev.packetwalk.check.Layer.KUBERNETES : INFO.layer())
        .evidence(ctx.evidence(r.ref(), where + ": " + counts));
    policies.forEach(x -> f.evidence(ctx.evidence(x.meta().ref(), "NetworkPolicy " + x.meta().key())));
    pod.ifPresent(p -> p.refs().stream().limit(1).forEach(ref -> f.evidence(ctx.evidence(ref, "interface "
        + p.hostInterface()))));
    return f.explain(why.toString())
        .remedy(pod.isPresent() ? "Check the NetworkPolicies selecting " + pod.get().podKey() + " (packetwalk's "
            + "netpol checks, kubectl describe networkpolicy) for the peer that should be allowed."
            : foreign ? "Find who writes chain " + r.chain() + " (firewalld, ufw, a security agent) and allow the "
                + "cluster's pod and Service CIDRs, or remove the rule."
            : "Look at what this rule is for: iptables-save -c | grep -n -- '" + r.chain() + "' on " + n.name()
                + "; watch its counters while reproducing the failure.")
        .build();
  }

  /** Drops another check reports with more to say about them. */
  private static boolean reportedElsewhere(NfRule r) {
    return r.comment().endsWith("has no endpoints") // kube-proxy-no-endpoints-reject
        || r.comment().endsWith("has no local endpoints") // kube-proxy-local-policy-drop
        || r.comment().contains("traffic not accepted by KUBE-FW-") // kube-proxy-lb-source-ranges
        || dev.packetwalk.check.netfilter.NetfilterCtstateInvalidDrops.invalidDrop(r); // netfilter-ctstate-invalid-drops
  }

  /** The pod behind a Calico cali-tw-/cali-fw- chain, whose suffix is the host interface name. */
  private static Optional<PodJoin> calicoPod(NodeDataplane n, NfRule r) {
    String chain = r.chain();
    if (!chain.startsWith("cali-tw-") && !chain.startsWith("cali-fw-")) return Optional.empty();
    if (!r.raw().contains("Drop if no")) return Optional.empty(); // Calico writes its cali:<hash> comment first
    String iface = chain.substring("cali-tw-".length());
    return Optional.of(n.pods().stream().filter(p -> p.hostInterface().equals(iface)).findFirst()
        .orElse(new PodJoin("", iface, 0, "", "", "", List.of(), n.iface(iface).map(i -> List.of(i.ref()))
            .orElse(List.of()))));
  }

  /** Calico's own words: the comment that says why it drops, not its cali:hash id. */
  private static String dropComment(NfRule r) {
    return r.matches().stream().filter(m -> m.module().equals("comment"))
        .flatMap(m -> m.options().getOrDefault("comment", List.of()).stream())
        .filter(c -> c.startsWith("Drop") || c.contains("Drop if")).findFirst().orElse(r.comment());
  }

  private static boolean touches(NfRule r, List<IPAddress> blocks) {
    return PodNetworks.overlaps(r.source(), blocks) || PodNetworks.overlaps(r.destination(), blocks);
  }
}
