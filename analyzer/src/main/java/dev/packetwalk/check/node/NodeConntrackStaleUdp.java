package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.ConntrackFlow;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * UDP conntrack entries to a Service's ClusterIP whose reply source is not a serving endpoint: DNAT to a backend
 * that has gone (path-analysis §2.5 C1, §6 row 12; classically DNS to a deleted CoreDNS pod). The predicate is
 * kube-proxy's own {@code CleanStaleEntries}: only Services with at least one serving endpoint are judged.
 */
public final class NodeConntrackStaleUdp implements Check {
  static final CheckInfo INFO = new CheckInfo("node-conntrack-stale-udp", "Stale UDP conntrack entries",
      Severity.WARNING, Layer.KUBERNETES, "Finds UDP conntrack entries to a Service ClusterIP whose reply source is "
          + "no serving endpoint of that Service.");
  /** Flows cited per finding; the explanation gives the total. */
  private static final int CITED = 10;

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.SERVICES)) return List.of();
    if (!ctx.cluster().has(Cluster.Kind.ENDPOINT_SLICES) && !ctx.cluster().has(Cluster.Kind.ENDPOINTS)) {
      ctx.insufficient("not collected: endpoint slices or endpoints");
      return List.of();
    }
    List<Service> services = ctx.cluster().services().stream().filter(s -> !s.headless())
        .sorted(Comparator.comparing(s -> s.meta().key())).toList();
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.CONNTRACK)) {
      List<ConntrackFlow> udp = n.conntrack().entries().stream().filter(f -> f.protocol().equals("udp")).toList();
      if (n.conntrack().entries().isEmpty() && !n.conntrack().entriesComplete()) {
        ctx.insufficient("node " + n.name() + ": conntrack -L not collected");
        continue;
      }
      for (Service s : services) {
        Set<String> serving = ServiceBackends.servingIps(ctx.cluster(), s);
        if (serving.isEmpty()) continue; // kube-proxy skips these too: nothing to compare against
        List<ConntrackFlow> stale = udp.stream().filter(f -> s.clusterIPs().contains(f.dst()) || s.clusterIP()
                .equals(f.dst()))
            .filter(f -> s.ports().stream().anyMatch(p -> p.protocol().equals("UDP") && p.port() == f.dport()))
            .filter(f -> !serving.contains(f.replySrc())).toList();
        if (!stale.isEmpty()) out.add(finding(ctx, n, s, serving, stale));
      }
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, Service s, Set<String> serving,
      List<ConntrackFlow> stale) {
    long undnated = stale.stream().filter(f -> !f.dnated()).count();
    List<String> dead = stale.stream().filter(ConntrackFlow::dnated).map(ConntrackFlow::replySrc).distinct()
        .sorted().toList();
    String ports = String.join(", ", s.ports().stream().filter(p -> p.protocol().equals("UDP"))
        .map(ServicePort::label).toList());
    var b = ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()).onNode(n.name()),
        stale.size() + " stale UDP conntrack entr" + (stale.size() == 1 ? "y" : "ies") + " for Service "
            + s.meta().key() + " on node " + n.name());
    stale.stream().limit(CITED).forEach(f -> b.evidence(ctx.evidence(f.ref(), f.dnated()
        ? "reply from " + f.replySrc() + ", not a serving endpoint" : "never DNATed: reply expected from the "
        + "ClusterIP itself")));
    b.evidence(ctx.evidence(s.meta().ref(), "serving endpoints: " + String.join(", ", serving)));
    b.explain("Node " + n.name() + " holds " + stale.size() + " UDP conntrack entr" + (stale.size() == 1 ? "y"
            : "ies") + " to Service " + s.meta().key() + " (" + ports + ")" + (dead.isEmpty() ? "" : " that DNAT "
            + "to " + String.join(", ", dead) + ", no longer serving endpoints (serving: " + String.join(", ",
                serving) + ")") + (undnated == 0 ? "" : (dead.isEmpty() ? "" : "; ") + undnated + " of them were "
            + "never DNATed, created while the Service had no endpoint") + ". UDP has no connection to end, so "
            + "as long as the client keeps sending from the same port the entry lives on and every packet goes to "
            + "the stale backend: for DNS, lookups from those pods time out after the endpoint changed. kube-proxy "
            + "deletes such entries when it sees the endpoint change; their presence means it did not (or the "
            + "conntrack binary is missing in its image).")
        .remedy("On " + n.name() + ": conntrack -D -p udp --orig-dst " + s.clusterIP() + " clears them. Then read "
            + "the kube-proxy log on the node for conntrack cleanup errors, and make sure the conntrack tool is "
            + "present in its image.");
    return b.build();
  }
}
