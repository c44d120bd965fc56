package dev.packetwalk.check.node;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every running pod scheduled on a node has a host veth that is up, enslaved to the CNI bridge where the CNI
 * bridges, and routed to the pod's IP where the CNI routes each pod ({@code <podIP> dev caliXXX}). Reads the node
 * builder's pod joins; path-analysis §6 row 20.
 */
public final class NodePodWiring implements Check {
  static final CheckInfo INFO = new CheckInfo("node-pod-wiring", "Pod not wired to its node",
      Severity.ERROR, Layer.CNI, "Finds running pods whose host veth is missing, down, off the CNI bridge or "
          + "without the route to the pod IP.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.PODS)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (NodeDataplane n : ctx.nodesWith(NodeEvidence.LINKS, NodeEvidence.ROUTES)) {
      boolean perPod = NodePods.routesPerPod(n);
      Optional<NodeInterface> bridge = bridge(n);
      boolean canJoinAll = n.has(NodeEvidence.NETNS) || perPod;
      for (Pod pod : NodePods.running(ctx.cluster(), n.name())) {
        Optional<PodJoin> j = NodePods.join(n, pod);
        Optional<NodeInterface> veth = j.flatMap(x -> NodePods.hostVeth(n, x));
        if (veth.isEmpty()) {
          if (!canJoinAll) {
            ctx.insufficient("node " + n.name() + ": no pod namespaces (netns/) collected and the CNI routes pods "
                + "through a bridge, so pod " + pod.meta().key() + " cannot be matched to a veth");
            continue;
          }
          out.add(noVeth(ctx, n, pod, j));
          continue;
        }
        NodeInterface v = veth.get();
        String ip = j.get().podIP().isEmpty() ? pod.podIP() : j.get().podIP();
        if (!v.up() || v.state().equals("DOWN") || v.state().equals("LOWERLAYERDOWN")) {
          out.add(problem(ctx, n, pod, v, "host veth " + v.name() + " is down (state " + v.state() + ")",
              "its host end " + v.name() + " is " + (v.up() ? "up but its link is " + v.state()
                  : "administratively down") + ", so nothing passes between the pod and the node",
              "ip link set " + v.name() + " up on " + n.name() + "; if the pod's eth0 is gone, delete the pod so "
                  + "the CNI wires a new sandbox", List.of()));
        } else if (bridge.isPresent() && !v.name().startsWith("cali") && !v.master().equals(bridge.get().name())) {
          out.add(problem(ctx, n, pod, v, "host veth " + v.name() + " is not on bridge " + bridge.get().name(),
              "the CNI bridges pods on " + bridge.get().name() + " but " + v.name() + " is " + (v.master().isEmpty()
                  ? "enslaved to no bridge" : "enslaved to " + v.master()) + ", so frames from the pod never reach "
                  + "the bridge and its gateway address", "ip link set " + v.name() + " master "
                  + bridge.get().name() + " on " + n.name() + ", or delete the pod so the CNI wires it again",
              List.of(bridge.get().ref())));
        } else if (perPod && bridge.isEmpty() && !ip.isEmpty()) {
          Optional<Route> r = n.mainRoutes().stream().filter(x -> x.prefix().equals(ip + "/32")
              || x.prefix().equals(ip + "/128")).findFirst();
          if (r.isPresent() && r.get().dev().equals(v.name())) continue;
          var res = n.routing().lookup(ip);
          String got = res.route() == null ? "no route at all" : "the route " + res.route().prefix()
              + (res.route().dev().isEmpty() ? "" : " dev " + res.route().dev()) + " (" + res.route().type() + ")";
          List<SourceRef> more = res.route() == null ? List.of() : List.of(res.route().ref());
          out.add(problem(ctx, n, pod, v, "no route " + ip + " dev " + v.name(),
              "the CNI routes each pod through its own veth, but the main table has no " + ip + "/32 dev "
                  + v.name() + "; traffic to " + ip + " takes " + got + " instead",
              "check the CNI agent on " + n.name() + " (calico-node/felix, cilium-agent) that writes the pod "
                  + "routes; ip route add " + ip + " dev " + v.name() + " scope link restores it until then", more));
        }
      }
    }
    return out;
  }

  /** The bridge the CNI puts pods on: the CNI config's, else cni0/cbr0/docker0 when a veth is enslaved to it. */
  static Optional<NodeInterface> bridge(NodeDataplane n) {
    String named = n.cni().active().map(c -> c.bridge()).orElse("");
    if (!named.isEmpty() && n.iface(named).isPresent()) return n.iface(named);
    for (String b : List.of("cni0", "cbr0", "docker0")) {
      if (n.interfaces().stream().anyMatch(i -> i.isVeth() && i.master().equals(b))) return n.iface(b);
    }
    return Optional.empty();
  }

  private static Finding noVeth(CheckContext ctx, NodeDataplane n, Pod pod, Optional<PodJoin> j) {
    String what = j.isPresent() ? "its namespace " + j.get().netns() + " has an eth0 whose peer is no host interface"
        : "no host veth leads to its IP " + pod.podIP() + " (no pod namespace and no " + pod.podIP()
            + " dev <veth> route)";
    var b = ctx.finding(Subject.of("Pod", pod.meta().namespace(), pod.meta().name()).onNode(n.name()),
            "Pod " + pod.meta().key() + " has no host veth on node " + n.name())
        .evidence(ctx.evidence(pod.meta().ref(), "Running on " + n.name() + " with IP " + pod.podIP()))
        .explain("Pod " + pod.meta().key() + " is Running on node " + n.name() + ", but " + what + ". Without the "
            + "host end of its veth pair the pod is cut off from the node, other pods and Services; the API still "
            + "shows it Running because the container itself is fine.")
        .remedy("On " + n.name() + ": ip -d link | grep -A1 veth, and crictl inspectp for the pod's sandbox. Delete "
            + "the pod so the CNI wires a new sandbox, and read the CNI/kubelet logs for the teardown that removed "
            + "the veth.");
    j.ifPresent(x -> x.refs().forEach(r -> b.evidence(ctx.evidence(r, "join: " + String.join("; ",
        x.joinedBy())))));
    return b.build();
  }

  private static Finding problem(CheckContext ctx, NodeDataplane n, Pod pod, NodeInterface v, String title,
      String why, String remedy, List<SourceRef> more) {
    var b = ctx.finding(Subject.of("Pod", pod.meta().namespace(), pod.meta().name()).onNode(n.name()),
            "Pod " + pod.meta().key() + ": " + title + " on node " + n.name())
        .evidence(ctx.evidence(v.ref(), "host veth of " + pod.meta().key()))
        .explain("Pod " + pod.meta().key() + " runs on node " + n.name() + ", but " + why + ".")
        .remedy(remedy);
    more.forEach(r -> b.evidence(ctx.evidence(r, "")));
    b.evidence(ctx.evidence(pod.meta().ref(), "Running on " + n.name()));
    return b.build();
  }
}
