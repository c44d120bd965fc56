package dev.packetwalk.check.routing;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.node.FdbEntry;
import dev.packetwalk.model.node.Neighbour;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.NodeInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flannel VXLAN writes, per remote node, a static neighbour {@code <remote subnet IP> lladdr <VtepMAC> dev
 * flannel.1} and an FDB entry {@code <VtepMAC> dev flannel.1 dst <public IP>}, both computable from the remote Node's
 * {@code flannel.alpha.coreos.com/backend-data} and {@code public-ip} annotations. A missing or disagreeing entry
 * sends the encapsulated packet to the wrong host or nowhere (typically after a node was re-created with a new VTEP
 * MAC or IP while flanneld on this node kept its old view).
 */
public final class NodeVtepMismatch implements Check {
  static final CheckInfo INFO = new CheckInfo("node-vtep-mismatch", "Flannel VXLAN neighbour/FDB entry disagrees",
      Severity.ERROR, Layer.CNI,
      "Finds flannel.1 neighbour and FDB entries for other nodes that are missing or disagree with their VtepMAC and "
          + "public-ip annotations.");
  static final String PREFIX = "flannel.alpha.coreos.com/";
  private static final Pattern VTEP = Pattern.compile("\"VtepMAC\"\\s*:\\s*\"([0-9A-Fa-f:]+)\"");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.NODES)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.LINKS, NodeEvidence.NEIGHBOURS, NodeEvidence.FDB)) {
      Optional<NodeInterface> vx = n.interfaces().stream().filter(i -> i.name().matches("flannel\\.\\d+"))
          .findFirst();
      if (vx.isEmpty()) continue; // not flannel VXLAN
      String dev = vx.get().name();
      for (Node o : ctx.cluster().nodes()) {
        if (o.meta().name().equals(n.name())) continue;
        String data = o.meta().annotations().get(PREFIX + "backend-data");
        String publicIp = o.meta().annotations().get(PREFIX + "public-ip");
        String cidr = Routing.v4(o.allPodCIDRs());
        if (data == null || publicIp == null || cidr == null) {
          ctx.insufficient("node " + o.meta().name() + ": no flannel backend-data/public-ip annotations or podCIDR");
          continue;
        }
        Matcher m = VTEP.matcher(data);
        if (!m.find()) continue;
        String mac = m.group(1).toLowerCase(Locale.ROOT);
        String subnetIp = Routing.network(cidr);
        check(ctx, n, dev, o, mac, publicIp, subnetIp).ifPresent(out::add);
      }
    }
    return out;
  }

  private static Optional<Finding> check(CheckContext ctx, NodeDataplane n, String dev, Node o, String mac,
      String publicIp, String subnetIp) {
    List<String> problems = new ArrayList<>();
    var f = ctx.finding(Subject.node(n.name()), "Flannel VXLAN entries for " + o.meta().name() + " on " + n.name()
        + " are wrong");
    Optional<Neighbour> nb = n.neighbours().stream().filter(x -> x.address().equals(subnetIp)
        && x.dev().equals(dev)).findFirst();
    if (nb.isEmpty()) {
      problems.add("no neighbour entry for " + subnetIp + " on " + dev);
    } else if (!nb.get().lladdr().equalsIgnoreCase(mac)) {
      problems.add("neighbour " + subnetIp + " has lladdr " + nb.get().lladdr() + ", not the VtepMAC " + mac);
      f.evidence(ctx.evidence(nb.get().ref(), "neighbour for " + o.meta().name()));
    }
    List<FdbEntry> byMac = n.fdb().stream().filter(e -> e.dev().equals(dev) && e.mac().equalsIgnoreCase(mac)).toList();
    if (byMac.isEmpty()) {
      problems.add("no FDB entry for " + mac + " on " + dev);
      n.fdb().stream().filter(e -> e.dev().equals(dev) && e.dst().equals(publicIp)).forEach(e -> {
        problems.add("the FDB entry towards " + publicIp + " has the MAC " + e.mac());
        f.evidence(ctx.evidence(e.ref(), "FDB entry towards " + o.meta().name() + "'s public IP"));
      });
    } else if (byMac.stream().noneMatch(e -> e.dst().equals(publicIp))) {
      problems.add("the FDB entry for " + mac + " sends to " + byMac.get(0).dst() + ", not " + o.meta().name()
          + "'s public-ip " + publicIp);
      f.evidence(ctx.evidence(byMac.get(0).ref(), "FDB entry for " + o.meta().name() + "'s VtepMAC"));
    }
    if (problems.isEmpty()) return Optional.empty();
    f.evidence(ctx.evidence(o.meta().ref(), o.meta().name() + ": VtepMAC " + mac + ", public-ip " + publicIp));
    return Optional.of(f.explain("Node " + o.meta().name() + " announces VtepMAC " + mac + " and public-ip "
            + publicIp + " (" + PREFIX + "backend-data, public-ip), so flannel on " + n.name() + " should have "
            + "\"" + subnetIp + " lladdr " + mac + " dev " + dev + "\" and \"" + mac + " dev " + dev + " dst "
            + publicIp + "\". Instead: " + String.join("; ", problems) + ". Pod traffic from " + n.name() + " to "
            + o.meta().name() + "'s pods is encapsulated to the wrong host or not at all.")
        .remedy("Restart the flannel pod on " + n.name() + " so it rewrites its neighbour and FDB entries from the "
            + "current Node annotations; if " + o.meta().name() + " was re-created, check its annotations are "
            + "current (kubectl get node " + o.meta().name() + " -o yaml).")
        .build());
  }
}
