package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.kubeproxy.KubeProxyMode.Mode;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NfChain;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.parse.nft.NftChain;
import dev.packetwalk.parse.nft.NftRule;
import dev.packetwalk.parse.nft.NftTable;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code loadBalancerSourceRanges} as kube-proxy programs them on each node, against the Service spec: the
 * {@code KUBE-FW-…} chain's {@code -s} rules and the {@code KUBE-PROXY-FIREWALL} "traffic not accepted" DROP with its
 * counters (iptables), the {@code firewall-ips} element's {@code firewall-…} chain (nftables). Ranges that differ from
 * the spec are a WARNING; a matching firewall that has dropped packets is INFO: clients outside the ranges were
 * turned away, which is what to know when one of them reports a timeout.
 */
public final class KubeProxyLbSourceRanges implements Check {
  static final CheckInfo INFO = new CheckInfo("kube-proxy-lb-source-ranges",
      "loadBalancerSourceRanges as programmed on the nodes", Severity.WARNING, Layer.KUBERNETES,
      "Compares kube-proxy's LoadBalancer source-range firewall with the Service's loadBalancerSourceRanges and "
          + "reports its drop counters.");
  private static final Pattern SADDR = Pattern.compile("ip saddr != (\\{([^}]*)}|(\\S+))");

  /** What one node enforces for one port. */
  record Firewall(TreeSet<String> ranges, long dropped, List<Evidence> evidence, String how) {}

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : KubeProxyNodes.withRules(ctx)) {
      Optional<Mode> mode = KubeProxyNodes.mode(ctx, n);
      if (mode.isEmpty()) continue;
      for (Service s : ctx.cluster().services()) {
        if (s.loadBalancerSourceRanges().isEmpty() || s.loadBalancerIngress().isEmpty()) continue;
        if (mode.get() == Mode.IPVS) {
          ctx.insufficient("node " + n.name() + ": IPVS mode keeps source ranges in the KUBE-LOAD-BALANCER-SOURCE-CIDR "
              + "ipset, which this version does not read");
          break;
        }
        TreeSet<String> spec = new TreeSet<>();
        s.loadBalancerSourceRanges().forEach(r -> spec.add(canonical(r)));
        for (ServicePort p : s.ports()) {
          Optional<Firewall> fw = mode.get() == Mode.IPTABLES ? iptables(ctx, n, s, p) : nftables(ctx, n, s, p);
          finding(ctx, n, s, p, spec, fw).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  private static Optional<Firewall> iptables(CheckContext ctx, NodeDataplane n, Service s, ServicePort p) {
    String name = KubeProxyChains.fwChain(s, p);
    Optional<NfChain> chain = n.netfilter().chain("nat", name);
    if (chain.isEmpty()) return Optional.empty();
    List<Evidence> ev = new ArrayList<>();
    TreeSet<String> ranges = new TreeSet<>();
    for (NfRule r : chain.get().rules()) {
      if (r.source() != null && !r.match("source").map(m -> m.negated("source")).orElse(false)
          && !r.target().isEmpty() && !r.discards()) {
        ranges.add(canonical(r.source()));
        ev.add(ctx.evidence(r.ref(), name + " allows " + r.source()));
      }
    }
    long dropped = 0;
    for (NfRule r : n.netfilter().rules()) {
      boolean notAccepted = r.discards() && r.comment().endsWith("traffic not accepted by " + name);
      boolean oldStyle = r.chain().equals(name) && (r.target().equals("KUBE-MARK-DROP") || r.discards());
      if (!notAccepted && !oldStyle) continue;
      dropped += r.packets() + Math.max(0, r.packetDelta());
      ev.add(ctx.evidence(r.ref(), r.chain() + " drops the rest: " + (r.counters() == null ? "no counters"
          : r.packets() + " packets") + (r.delta() == null ? "" : ", +" + r.packetDelta() + " in the second sample")));
    }
    return Optional.of(new Firewall(ranges, dropped, ev, "iptables chain " + name));
  }

  private static Optional<Firewall> nftables(CheckContext ctx, NodeDataplane n, Service s, ServicePort p) {
    Optional<NftTable> t = KubeProxyMode.nftTable(n);
    if (t.isEmpty()) return Optional.empty();
    String proto = p.protocol().toLowerCase(Locale.ROOT);
    Optional<String> chainName = t.get().set("firewall-ips").flatMap(m -> m.elements().stream()
        .filter(e -> e.key().size() == 3 && s.loadBalancerIngress().contains(e.key().get(0))
            && e.key().get(1).equals(proto) && e.key().get(2).equals(String.valueOf(p.port())))
        .map(e -> KubeProxyPrograms.verdictTarget(e.value())).filter(v -> v != null).findFirst());
    Optional<NftChain> chain = chainName.flatMap(t.get()::chain);
    if (chain.isEmpty()) return Optional.empty();
    TreeSet<String> ranges = new TreeSet<>();
    List<Evidence> ev = new ArrayList<>();
    long dropped = 0;
    for (NftRule r : chain.get().rules()) {
      Matcher m = SADDR.matcher(r.text());
      if (!m.find() || r.verdict() == null || !r.verdict().kind().equals("drop")) continue;
      String list = m.group(2) != null ? m.group(2) : m.group(3);
      for (String part : list.split(",")) if (!part.isBlank()) ranges.add(canonical(part.strip()));
      dropped += r.counter() == null ? 0 : r.counter().packets();
      ev.add(ctx.evidence(KubeProxyMode.nftRef(n, r.line()), chain.get().name() + " drops sources outside "
          + list.strip() + (r.counter() == null ? "" : "; counter " + r.counter().packets() + " packets")));
    }
    return Optional.of(new Firewall(ranges, dropped, ev, "nftables chain " + chain.get().name()));
  }

  private static Optional<Finding> finding(CheckContext ctx, NodeDataplane n, Service s, ServicePort p,
      TreeSet<String> spec, Optional<Firewall> fw) {
    String port = KubeProxyChains.portName(s, p);
    Evidence specEv = ctx.evidence(s.specRef("loadBalancerSourceRanges"), "loadBalancerSourceRanges: "
        + String.join(", ", s.loadBalancerSourceRanges()));
    if (fw.isEmpty()) {
      return Optional.of(ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()).onNode(n.name()),
              "loadBalancerSourceRanges of " + port + " are not enforced on " + n.name())
          .evidence(specEv)
          .explain("Service " + s.meta().key() + " restricts its LoadBalancer (" + String.join(", ",
              s.loadBalancerIngress()) + ") to " + String.join(", ", spec) + ", but node " + n.name() + " has no "
              + "kube-proxy source-range firewall for " + port + " (no " + KubeProxyChains.fwChain(s, p)
              + " chain / firewall-ips element). Traffic from any source reaching " + n.name() + " is accepted, "
              + "unless the cloud load balancer filters it.")
          .remedy("Check that kube-proxy on " + n.name() + " is synced (its logs); compare with "
              + "iptables-save -t nat | grep KUBE-FW on another node.")
          .build());
    }
    Firewall w = fw.get();
    TreeSet<String> notProgrammed = new TreeSet<>(spec);
    notProgrammed.removeAll(w.ranges());
    TreeSet<String> extra = new TreeSet<>(w.ranges());
    extra.removeAll(spec);
    if (notProgrammed.isEmpty() && extra.isEmpty()) {
      if (w.dropped() <= 0) return Optional.empty();
      return Optional.of(ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()).onNode(n.name()),
              "loadBalancerSourceRanges of " + port + " dropped " + w.dropped() + " packets on " + n.name())
          .severity(Severity.INFO).evidence(w.evidence()).evidence(specEv)
          .explain("Node " + n.name() + " enforces " + port + "'s loadBalancerSourceRanges (" + String.join(", ",
              spec) + ") with " + w.how() + ", as the spec says, and has dropped " + w.dropped() + " packets from "
              + "sources outside them. A client reporting timeouts to " + String.join(", ", s.loadBalancerIngress())
              + " is likely outside the ranges (or seen through a NAT or proxy address that is).")
          .remedy("Compare the client's address as the node sees it with the ranges; add its range to "
              + "spec.loadBalancerSourceRanges if it should be allowed.")
          .build());
    }
    return Optional.of(ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()).onNode(n.name()),
            "loadBalancerSourceRanges of " + port + " on " + n.name() + " differ from the Service")
        .evidence(w.evidence()).evidence(specEv)
        .explain("Node " + n.name() + " programs " + w.how() + " for " + port + " allowing " + (w.ranges().isEmpty()
            ? "no source" : String.join(", ", w.ranges())) + ", but the Service says " + String.join(", ", spec)
            + "." + (notProgrammed.isEmpty() ? "" : " Not allowed on the node: " + String.join(", ", notProgrammed)
                + " — those clients are dropped.") + (extra.isEmpty() ? "" : " Allowed though no longer in the "
                + "spec: " + String.join(", ", extra) + ".") + " kube-proxy on " + n.name() + " has not applied the "
            + "current spec." + (w.dropped() > 0 ? " The firewall has dropped " + w.dropped() + " packets." : ""))
        .remedy("Check kube-proxy on " + n.name() + " (logs, sync errors) and restart it to re-sync.")
        .build());
  }

  private static String canonical(String range) {
    var a = new IPAddressString(range.strip()).getAddress();
    if (a == null) return range.strip();
    return (a.isPrefixed() ? a.toPrefixBlock() : a.toPrefixBlock(a.getBitCount())).toCanonicalString();
  }
}
