package dev.packetwalk.check.cni;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Condition;
import dev.packetwalk.model.cluster.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Nodes that are NotReady or report NetworkUnavailable=True, quoting the condition the kubelet or cloud set. */
public final class NodeNetworkNotReady implements Check {
  static final CheckInfo INFO = new CheckInfo("node-network-not-ready", "Node not ready or network unavailable",
      Severity.ERROR, Layer.INFRASTRUCTURE,
      "Finds nodes whose Ready condition is not True or whose NetworkUnavailable condition is True.");

  private static final Pattern NETWORK = Pattern.compile("network|cni", Pattern.CASE_INSENSITIVE);

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.NODES)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (Node n : ctx.cluster().nodes()) {
      Optional<Condition> ready = n.condition("Ready");
      Optional<Condition> netUnavailable = n.condition("NetworkUnavailable").filter(Condition::isTrue);
      boolean notReady = ready.map(c -> !c.isTrue()).orElse(true);
      if (!notReady && netUnavailable.isEmpty()) continue;
      String name = n.meta().name();
      StringBuilder why = new StringBuilder();
      var f = ctx.finding(Subject.node(name), "Node " + name + (notReady ? " is NotReady" : "")
          + (notReady && netUnavailable.isPresent() ? " and" : "")
          + (netUnavailable.isPresent() ? " reports NetworkUnavailable" : ""));
      boolean network = false;
      if (notReady) {
        if (ready.isPresent()) {
          Condition c = ready.get();
          why.append("Ready is ").append(c.status()).append(" (").append(c.reason()).append(": ")
              .append(c.message()).append("). ");
          f.evidence(ctx.evidence(c.ref(), "Ready condition"));
          network |= NETWORK.matcher(c.message()).find();
        } else {
          why.append("The node reports no Ready condition. ");
          f.evidence(ctx.evidence(n.meta().ref(), "node without a Ready condition"));
        }
        why.append("The scheduler avoids it and its pods are evicted after the toleration period. ");
      }
      if (netUnavailable.isPresent()) {
        Condition c = netUnavailable.get();
        network = true;
        why.append("NetworkUnavailable is True (").append(c.reason()).append(c.message().isEmpty() ? "" : ": "
            + c.message()).append("): the CNI or the cloud route controller has not set up this node's pod network"
            + " (routes to its podCIDR). ");
        f.evidence(ctx.evidence(c.ref(), "NetworkUnavailable condition"));
      }
      if (network) why.append("The cause is the pod network: the CNI is not configured or not running there.");
      out.add(f.layer(network ? Layer.CNI : Layer.INFRASTRUCTURE).explain(why.toString().strip())
          .remedy(network ? "Check the CNI daemon pod on " + name + " (network-daemon-not-running) and"
              + " /etc/cni/net.d on the node; for NetworkUnavailable on a cloud, the route controller's logs."
              : "On " + name + ": systemctl status kubelet, journalctl -u kubelet, and the container runtime.")
          .build());
    }
    return out;
  }
}
