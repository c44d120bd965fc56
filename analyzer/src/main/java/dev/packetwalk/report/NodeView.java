package dev.packetwalk.report;

import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.Route;
import java.util.List;
import java.util.Optional;

/**
 * One node's dataplane as the report shows it: interfaces with the veth ↔ pod map, main-table routes, kube-proxy's
 * mode and how many Service ports it has programmed, the DROP/REJECT rules that counted packets, and the findings
 * about the node. Built from the model only; every row keeps its file:line.
 */
public record NodeView(String name, String backend, String proxyMode, int servicePortsProgrammed,
    int servicePortsExpected, List<InterfaceRow> interfaces, List<RouteRow> routes, List<DropRow> drops,
    List<String> findingIds, List<String> findingAnchors, List<String> evidence) {

  /** An interface; {@code pod} is "ns/name" of the pod behind a veth, "" when none. */
  public record InterfaceRow(String name, String kind, int mtu, String state, String master, String pod,
      String location) {}

  public record RouteRow(String text, String location) {}

  /** A DROP/REJECT rule that matched packets; {@code delta} is "" without a second sample. */
  public record DropRow(String table, String chain, int index, String target, long packets, String delta,
      String rule, String location) {}

  static NodeView of(NodeDataplane n, int expectedServicePorts, List<String> ids, List<String> anchors) {
    List<InterfaceRow> ifaces = n.interfaces().stream().map(i -> new InterfaceRow(i.name(), i.kind(), i.mtu(),
        i.state(), i.master(), n.pods().stream().filter(p -> p.hostIfindex() == i.ifindex() && !p.podKey().isEmpty())
            .map(PodJoin::podKey).findFirst().orElse(""), i.ref().toString())).toList();
    List<RouteRow> routes = n.mainRoutes().stream().map(r -> new RouteRow(text(r), r.ref().toString())).toList();
    List<DropRow> drops = n.netfilter().rules().stream().filter(r -> r.discards() && (r.packets() > 0
        || r.packetDelta() > 0)).map(NodeView::drop).toList();
    String mode = n.netfilter().table("nat").map(t -> !t.chainsStartingWith("KUBE-SVC-").isEmpty()
        || t.chain("KUBE-SERVICES").isPresent()).orElse(false) ? "iptables"
        : n.nftTables().stream().anyMatch(t -> t.name().equals("kube-proxy")) ? "nftables"
        : !n.ipvs().isEmpty() ? "ipvs" : "not detected";
    int programmed = n.netfilter().table("nat").map(t -> t.chainsStartingWith("KUBE-SVC-").size()).orElse(0);
    if (mode.equals("ipvs")) programmed = n.ipvs().size();
    List<String> evidence = n.evidence().stream().sorted().map(NodeEvidence::label).toList();
    return new NodeView(n.name(), n.netfilter().present() ? n.netfilter().backend()
        + (n.netfilter().bothBackendsHoldRules() ? " (rules in both backends!)" : "") : "", mode, programmed,
        expectedServicePorts, ifaces, routes, drops, ids, anchors, evidence);
  }

  private static DropRow drop(NfRule r) {
    return new DropRow(r.table(), r.chain(), r.index(), r.target(), r.packets(), Optional.ofNullable(r.delta())
        .map(d -> (d.packets() >= 0 ? "+" : "") + d.packets()).orElse(""), r.describe(), r.ref().toString());
  }

  private static String text(Route r) {
    StringBuilder sb = new StringBuilder();
    if (!r.type().equals("unicast")) sb.append(r.type()).append(' ');
    sb.append(r.prefix());
    if (!r.via().isEmpty()) sb.append(" via ").append(r.via());
    if (!r.dev().isEmpty()) sb.append(" dev ").append(r.dev());
    if (r.onlink()) sb.append(" onlink");
    if (!r.proto().isEmpty()) sb.append(" proto ").append(r.proto());
    return sb.toString();
  }
}
