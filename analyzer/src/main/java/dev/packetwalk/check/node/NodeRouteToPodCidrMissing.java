package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.Route;
import dev.packetwalk.model.node.RouteResult;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For every other node's podCIDR, the route the CNI would write, looked up the way the kernel does: flannel VXLAN
 * routes via the remote VTEP on {@code flannel.1} (onlink), host-gw style routes via the node's InternalIP, Calico
 * routes over {@code tunl0}/{@code vxlan.calico} or via the node; the local podCIDR sits on the pod bridge. A route
 * via a gateway that is not the node owning the podCIDR is reported as its own kind. Cilium in tunnel mode keeps the
 * real next hop in a BPF map, so there the check says it cannot decide.
 */
public final class NodeRouteToPodCidrMissing implements Check {
  static final CheckInfo INFO = new CheckInfo("node-route-to-pod-cidr-missing", "Route to a node's pod CIDR missing",
      Severity.ERROR, Layer.CNI,
      "Finds nodes without the CNI's route to another node's podCIDR, or with one pointing at the wrong node.");

  /** How the node's CNI routes to remote pod CIDRs, told from its devices. */
  enum Style { FLANNEL_VXLAN, CALICO, CILIUM_TUNNEL, HOST_GW }

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.NODES)) return List.of();
    List<Finding> out = new ArrayList<>();
    List<Node> withCidr = ctx.cluster().nodes().stream().filter(n -> !n.allPodCIDRs().isEmpty()).toList();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.ROUTES, NodeEvidence.LINKS)) {
      Style style = style(n);
      if (style == Style.CILIUM_TUNNEL) {
        ctx.insufficient("node " + n.name() + ": Cilium tunnel mode keeps the next hop per node in its BPF tunnel "
            + "map, which the bundle does not hold; kernel routes cannot show a missing path");
        continue;
      }
      for (Node other : withCidr) {
        String cidr = v4(other.allPodCIDRs());
        if (cidr == null) continue;
        if (other.meta().name().equals(n.name())) {
          local(ctx, n, other, cidr, style).ifPresent(out::add);
        } else {
          remote(ctx, n, other, cidr, style, withCidr).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  private static Optional<Finding> remote(CheckContext ctx, NodeDataplane n, Node other, String cidr, Style style,
      List<Node> all) {
    String probe = firstHost(cidr);
    RouteResult r = n.routing().lookup(probe);
    String otherIp = other.internalIP().orElse("");
    Route route = r.route();
    boolean specific = route != null && prefixLength(route.prefix()) >= prefixLength(cidr);
    if (r.forwards() && specific) {
      String wrong = wrongGateway(route, other, otherIp, cidr, style, all);
      if (wrong == null) return Optional.empty();
      return Optional.of(ctx.finding(Subject.node(n.name()), "Route to " + other.meta().name() + "'s pods on "
              + n.name() + " points at the wrong node")
          .evidence(ctx.evidence(route.ref(), "route for " + cidr))
          .evidence(ctx.evidence(other.podCIDRRef(), other.meta().name() + " owns " + cidr))
          .explain("Node " + n.name() + " routes " + other.meta().name() + "'s podCIDR " + cidr + " " + wrong
              + ". Packets for those pods go to a host that does not have them (typically a node that changed IP "
              + "or was replaced while the route stayed), so pod traffic from " + n.name() + " to "
              + other.meta().name() + " is lost.")
          .remedy("Restart the CNI agent on " + n.name() + " so it rewrites its routes (flannel, Calico/BIRD, "
              + "kube-router), or for kubenet/cloud routes check the route table kube-controller-manager programs.")
          .build());
    }
    if (style == Style.CALICO) {
      ctx.insufficient("node " + n.name() + ": no route for " + other.meta().name() + "'s podCIDR " + cidr + ", but "
          + "Calico's IPAM allocates /26 blocks of its own pools, which need not lie in node podCIDRs");
      return Optional.empty();
    }
    String got = r.disposition() == RouteResult.Disposition.NO_ROUTE ? "no route at all"
        : route == null ? r.disposition().name().toLowerCase() + " by policy rule"
        : r.disposition() == RouteResult.Disposition.FORWARD ? "only the less specific " + route.prefix()
            + (route.via().isEmpty() ? "" : " via " + route.via()) + (route.dev().isEmpty() ? "" : " dev "
            + route.dev())
        : "a " + route.type() + " route " + route.prefix();
    var f = ctx.finding(Subject.node(n.name()), "No route to " + other.meta().name() + "'s pods (" + cidr + ") on "
        + n.name())
        .evidence(ctx.evidence(other.podCIDRRef(), other.meta().name() + " owns " + cidr));
    if (route != null) f.evidence(ctx.evidence(route.ref(), "what " + probe + " matches instead"));
    return Optional.of(f.explain("Node " + n.name() + " has no route for " + other.meta().name() + "'s podCIDR "
            + cidr + ": a lookup of " + probe + " finds " + got + ". " + expected(style, other, otherIp, cidr)
            + " Without it, pods on " + n.name() + " cannot reach pods on " + other.meta().name()
            + " (the packets leave by the default route, or are refused).")
        .remedy("Check the CNI agent on " + n.name() + " (flannel/Calico logs: lease or BGP peer for "
            + other.meta().name() + "), and on a cloud with kubenet-style routes the route table that "
            + "kube-controller-manager programs (authorization, quota).")
        .build());
  }

  private static Optional<Finding> local(CheckContext ctx, NodeDataplane n, Node self, String cidr, Style style) {
    if (style != Style.FLANNEL_VXLAN && style != Style.HOST_GW) return Optional.empty(); // Calico: /32 per pod
    String bridge = n.cni().active().map(c -> c.bridge()).filter(b -> !b.isEmpty())
        .orElse(n.iface("cni0").isPresent() ? "cni0" : n.iface("cbr0").isPresent() ? "cbr0" : "");
    if (bridge.isEmpty()) return Optional.empty();
    boolean ok = n.mainRoutes().stream().anyMatch(r -> r.dev().equals(bridge) && PodNetworks.contains(r.prefix(),
        firstHost(cidr)));
    if (ok) return Optional.empty();
    return Optional.of(ctx.finding(Subject.node(n.name()), "No route to the local pod CIDR " + cidr + " on "
            + n.name())
        .evidence(ctx.evidence(self.podCIDRRef(), n.name() + " owns " + cidr))
        .evidence(ctx.evidence(n.iface(bridge).map(i -> i.ref()).orElse(self.podCIDRRef()), "pod bridge "
            + bridge))
        .explain("Node " + n.name() + " owns podCIDR " + cidr + " and bridges its pods on " + bridge + ", but its "
            + "main table has no route for " + cidr + " on " + bridge + " (the bridge has no address in it, or is "
            + "down). The node cannot reach its own pods, so replies to them and traffic from other nodes die here.")
        .remedy("Check that " + bridge + " is up with the gateway address of " + cidr + " (ip addr show " + bridge
            + "); deleting the bridge and restarting the CNI pod recreates it.")
        .build());
  }

  /** Why a specific route's gateway is wrong for the node owning the podCIDR, or null when it is right. */
  private static String wrongGateway(Route route, Node other, String otherIp, String cidr, Style style,
      List<Node> all) {
    for (Route.Nexthop h : route.legs()) {
      String via = h.via();
      if (h.dev().startsWith("flannel.") || h.dev().equals("vxlan.calico") || h.dev().equals("tunl0")
          && via.isEmpty()) {
        // overlay: the gateway is the remote VTEP, an address of the remote node's own pod range
        if (h.dev().startsWith("flannel.") && !via.isEmpty() && !PodNetworks.contains(cidr, via)) {
          return "via " + via + " dev " + h.dev() + ", but flannel's VTEP for " + other.meta().name() + " is the "
              + "first address of " + cidr;
        }
        continue;
      }
      if (via.isEmpty() || otherIp.isEmpty() || via.equals(otherIp)) continue;
      Optional<Node> owner = all.stream().filter(x -> x.internalIP().orElse("").equals(via)).findFirst();
      return "via " + via + (owner.map(o -> " (the InternalIP of " + o.meta().name() + ")").orElse(
          " (no node has this InternalIP)")) + " instead of " + other.meta().name() + "'s InternalIP " + otherIp;
    }
    return null;
  }

  private static String expected(Style style, Node other, String ip, String cidr) {
    return switch (style) {
      case FLANNEL_VXLAN -> "flannel (VXLAN) writes \"" + cidr + " via " + network(cidr) + " dev flannel.1 onlink\"";
      case CALICO -> "Calico writes \"" + cidr + " via " + (ip.isEmpty() ? "<node IP>" : ip) + " dev tunl0 proto "
          + "bird onlink\" (IPIP), a vxlan.calico route, or one per /26 block";
      default -> "A host-gw style CNI (flannel host-gw, kube-router, kubenet with cloud routes) writes \"" + cidr
          + " via " + (ip.isEmpty() ? "<" + other.meta().name() + " InternalIP>" : ip) + "\".";
    } + (style == Style.HOST_GW ? "" : ".");
  }

  static Style style(NodeDataplane n) {
    if (n.iface("cilium_vxlan").isPresent() || n.iface("cilium_geneve").isPresent()) return Style.CILIUM_TUNNEL;
    if (n.interfaces().stream().anyMatch(i -> i.name().startsWith("flannel."))) return Style.FLANNEL_VXLAN;
    if (n.iface("vxlan.calico").isPresent() || n.iface("tunl0").isPresent() && n.interfaces().stream()
        .anyMatch(i -> i.name().startsWith("cali"))) {
      return Style.CALICO;
    }
    return Style.HOST_GW;
  }

  private static String v4(List<String> cidrs) {
    return cidrs.stream().filter(c -> !c.contains(":")).findFirst().orElse(null);
  }

  private static String firstHost(String cidr) {
    IPAddress b = PodNetworks.block(cidr);
    return b == null ? cidr : b.getLower().increment(1).withoutPrefixLength().toString();
  }

  private static String network(String cidr) {
    IPAddress b = PodNetworks.block(cidr);
    return b == null ? cidr : b.getLower().withoutPrefixLength().toString();
  }

  private static int prefixLength(String prefix) {
    IPAddress b = PodNetworks.block(prefix);
    return b == null || b.getNetworkPrefixLength() == null ? 0 : b.getNetworkPrefixLength();
  }
}
