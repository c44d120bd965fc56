package dev.packetwalk.check.routing;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.node.NodeAddress;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.Route;
import dev.packetwalk.model.node.RouteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Strict reverse-path filtering ({@code rp_filter = 1}, the maximum of {@code all} and the interface's own value) on
 * an interface where traffic arrives from sources the node routes back out of another interface. The kernel drops
 * such packets silently before any netfilter rule sees them. Sources considered: other nodes' InternalIPs and, where
 * pod traffic is not tunnelled, their podCIDRs (both arriving on the interface connected to the node's subnet); and on
 * a multi-NIC node, clients outside every connected subnet arriving on a NIC that is not the default route's.
 */
public final class NodeRpFilterAsymmetric implements Check {
  static final CheckInfo INFO = new CheckInfo("node-rp-filter-asymmetric",
      "Strict rp_filter on an interface with an asymmetric return path", Severity.WARNING, Layer.INFRASTRUCTURE,
      "Finds interfaces with rp_filter=1 where the route back to a source that arrives there leaves by another "
          + "interface.");
  /** TEST-NET-2: stands for any client outside the node's own subnets. */
  static final String OUTSIDE = "198.51.100.1";

  /** A source expected to arrive on {@code iface}, and why. */
  record Probe(String source, String iface, String why, SourceRef ref) {}

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.SYSCTL, NodeEvidence.ROUTES, NodeEvidence.ADDRESSES)) {
      TreeMap<String, List<String>> byIface = new TreeMap<>();
      TreeMap<String, List<Evidence>> evidence = new TreeMap<>();
      for (Probe p : probes(ctx, n)) {
        if (n.sysctls().effectiveRpFilter(p.iface()) != 1) continue;
        String src = Routing.address(n, p.iface()).map(NodeAddress::address).orElse(null);
        RouteResult back = n.routing().lookup(p.source(), src, null);
        if (!back.forwards() || back.nexthops().stream().anyMatch(h -> h.dev().equals(p.iface()))) continue;
        String out1 = back.nexthops().get(0).dev();
        byIface.computeIfAbsent(p.iface(), k -> new ArrayList<>()).add(p.why() + " (" + p.source() + ") arrive"
            + " on " + p.iface() + " but the route back leaves by " + out1 + " (" + back.route().prefix() + ")");
        List<Evidence> ev = evidence.computeIfAbsent(p.iface(), k -> new ArrayList<>());
        if (ev.isEmpty()) {
          n.sysctls().rpFilter("all").ifPresent(s -> ev.add(ctx.evidence(s.ref(), "rp_filter all = " + s.value())));
          n.sysctls().rpFilter(p.iface()).ifPresent(s -> ev.add(ctx.evidence(s.ref(), "rp_filter " + p.iface()
              + " = " + s.value())));
        }
        ev.add(ctx.evidence(back.route().ref(), "route back to " + p.source()));
        if (!p.ref().isNone()) ev.add(ctx.evidence(p.ref(), p.why()));
      }
      byIface.forEach((iface, whys) -> out.add(ctx.finding(Subject.node(n.name()), "Strict rp_filter on "
              + n.name() + " " + iface + " drops traffic with an asymmetric return path")
          .evidence(evidence.get(iface))
          .explain("On node " + n.name() + ", " + iface + " has strict reverse-path filtering (rp_filter 1: the "
              + "maximum of conf.all and conf." + iface + "). A packet arriving on " + iface + " is dropped unless "
              + "the route back to its source leaves by " + iface + ". Here: " + String.join("; ", whys) + ". Those "
              + "packets are dropped by the kernel before iptables sees them, with no counter but the rp_filter "
              + "part of 'nstat IPReversePathFilter'.")
          .remedy("Set loose mode on " + n.name() + " (sysctl -w net.ipv4.conf.all.rp_filter=2 and net.ipv4.conf."
              + iface + ".rp_filter=2; persist in /etc/sysctl.d), or add policy routing so replies leave by "
              + iface + " (ip rule from <" + iface + " address> lookup <table with its own default route>).")
          .build()));
    }
    return out;
  }

  private static List<Probe> probes(CheckContext ctx, NodeDataplane n) {
    List<Probe> out = new ArrayList<>();
    for (Node o : ctx.cluster().nodes()) {
      if (o.meta().name().equals(n.name()) || o.internalIP().isEmpty()) continue;
      String ip = o.internalIP().get();
      Optional<Route> conn = Routing.connected(n, ip);
      if (conn.isEmpty()) continue;
      String iface = conn.get().dev();
      out.add(new Probe(ip, iface, "packets from node " + o.meta().name(), o.meta().ref()));
      String cidr = Routing.v4(o.allPodCIDRs());
      if (cidr == null) continue;
      RouteResult to = n.routing().lookup(Routing.firstHost(cidr));
      boolean tunnelled = to.nexthops().stream().anyMatch(h -> Routing.tunnel(h.dev()));
      if (!tunnelled) {
        out.add(new Probe(Routing.firstHost(cidr), iface, "unencapsulated packets from " + o.meta().name()
            + "'s pods", o.podCIDRRef()));
      }
    }
    Optional<Route> dflt = n.mainRoutes().stream().filter(r -> Routing.prefixLength(r.prefix()) == 0
        && r.family() == 4 && !r.rejects()).findFirst();
    if (dflt.isPresent()) {
      for (NodeInterface i : n.interfaces()) {
        if (i.name().equals("lo") || i.isVeth() || i.isBridge() || !i.kind().isEmpty() || Routing.tunnel(i.name())
            || dflt.get().legs().stream().anyMatch(h -> h.dev().equals(i.name()))) {
          continue;
        }
        Routing.address(n, i.name()).ifPresent(a -> out.add(new Probe(OUTSIDE, i.name(), "packets from clients "
            + "outside the node's subnets (e.g. a LoadBalancer or NodePort on " + a.address() + ")", a.ref())));
      }
    }
    return out;
  }
}
