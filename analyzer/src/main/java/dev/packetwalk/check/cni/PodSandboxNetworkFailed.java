package dev.packetwalk.check.cni;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * FailedCreatePodSandBox events with a CNI error other than IPAM exhaustion (which is {@code cni-ipam-exhausted}),
 * grouped per node and cause.
 */
public final class PodSandboxNetworkFailed implements Check {
  static final CheckInfo INFO = new CheckInfo("pod-sandbox-network-failed", "Pod network setup fails on a node",
      Severity.ERROR, Layer.CNI,
      "Finds FailedCreatePodSandBox events whose CNI error is not IPAM exhaustion, and explains the known ones.");

  /** A known CNI setup error. */
  enum Cause {
    PLUGIN_MISSING("failed to find plugin", "a CNI plugin binary named in the CNI config is missing from the"
        + " node's CNI bin directory (/opt/cni/bin)", "install the CNI plugins on the node (the CNI daemon's"
        + " install step, or the containernetworking-plugins package) and check the kubelet/containerd cni bin_dir"),
    CONFIG_MISSING("cni config uninitialized|no networks found in /etc/cni/net\\.d|no network config found",
        "the node has no CNI configuration: the CNI daemon has not run (or failed) on it",
        "check the CNI daemon pod on this node (network-daemon-not-running) and /etc/cni/net.d on the node"),
    BRIDGE_ADDR("failed to set bridge addr|already has an IP address different from", "the bridge (cni0) still"
        + " carries an address from an earlier pod CIDR of this node", "on the node, ip link delete cni0 (pods on"
        + " it are recreated) so that the bridge plugin recreates it with the current podCIDR"),
    FLANNEL_SUBNET("/run/flannel/subnet\\.env", "the flannel CNI plugin found no /run/flannel/subnet.env: flanneld"
        + " is not running on the node or has no lease", "check the flannel pod on this node and that the node has"
        + " a podCIDR"),
    OTHER("", "the CNI plugin failed while setting up the pod's network", "read the full event message and the"
        + " CNI daemon's log on the node");

    final Pattern pattern;
    final String meaning;
    final String remedy;

    Cause(String regex, String meaning, String remedy) {
      this.pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
      this.meaning = meaning;
      this.remedy = remedy;
    }

    static Cause of(String message) {
      for (Cause c : values()) if (c != OTHER && c.pattern.matcher(message).find()) return c;
      return OTHER;
    }
  }

  // phrases the runtimes use for CNI failures; bare "network" would also match pod names such as "network-tools"
  private static final Pattern NETWORK = Pattern.compile("\\bcni\\b|cni0|networkplugin|network plugin|plugin type="
      + "|(set ?up|setup|tear ?down|teardown)( pod)? network|network for (pod|sandbox)", Pattern.CASE_INSENSITIVE);

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.EVENTS)) return List.of();
    Cluster cluster = ctx.cluster();
    Map<String, List<Event>> groups = new TreeMap<>();
    for (Event e : cluster.events()) {
      if (!"FailedCreatePodSandBox".equals(e.reason()) || !NETWORK.matcher(e.message()).find()
          || CniIpamExhausted.IPAM.matcher(e.message()).find()) {
        continue;
      }
      groups.computeIfAbsent(CniIpamExhausted.nodeOf(cluster, e) + "|" + Cause.of(e.message()).ordinal(),
          k -> new ArrayList<>()).add(e);
    }
    List<Finding> out = new ArrayList<>();
    groups.forEach((key, events) -> {
      String node = key.substring(0, key.indexOf('|'));
      Cause cause = Cause.of(events.get(0).message());
      int count = events.stream().mapToInt(Event::count).sum();
      String pods = events.stream().map(e -> e.involvedNamespace() + "/" + e.involvedName()).distinct().limit(10)
          .collect(Collectors.joining(", "));
      String where = node.isEmpty() ? "an unknown node" : "node " + node;
      var f = ctx.finding(node.isEmpty() ? Subject.of("Pod", events.get(0).involvedNamespace(),
                  events.get(0).involvedName()) : Subject.node(node),
              "Pod network setup fails on " + where + ": " + cause.name().toLowerCase().replace('_', ' '))
          .explain("The kubelet on " + where + " could not create the network of pod(s) " + pods + " (" + count
              + " failed sandbox creation(s)): \"" + events.get(0).message() + "\". This means " + cause.meaning
              + "; those pods stay in ContainerCreating.")
          .remedy(cause.remedy + ".");
      events.stream().limit(5).forEach(e -> f.evidence(ctx.evidence(e.meta().ref(), e.reason() + " x" + e.count())));
      out.add(f.build());
    });
    return out;
  }
}
