package dev.packetwalk.check.cni;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Event;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.cluster.Pod;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Seed 002: pods stuck in ContainerCreating because the node's IPAM has no address left. */
public final class CniIpamExhausted implements Check {
  static final CheckInfo INFO = new CheckInfo("cni-ipam-exhausted", "CNI IPAM out of addresses on a node",
      Severity.CRITICAL, Layer.CNI,
      "Finds FailedCreatePodSandBox events saying the IPAM plugin has no address left, per node.");

  static final Pattern IPAM = Pattern.compile("no available addresses|no IP addresses available in range set"
      + "|failed to allocate for range", Pattern.CASE_INSENSITIVE);

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.EVENTS)) return List.of();
    Cluster cluster = ctx.cluster();
    Map<String, List<Event>> byNode = new TreeMap<>();
    for (Event e : cluster.events()) {
      if (!"FailedCreatePodSandBox".equals(e.reason()) || !IPAM.matcher(e.message()).find()) continue;
      byNode.computeIfAbsent(nodeOf(cluster, e), k -> new ArrayList<>()).add(e);
    }
    List<Finding> out = new ArrayList<>();
    byNode.forEach((node, events) -> out.add(finding(ctx, node, events)));
    return out;
  }

  /** The event's reporting host, else the node of the pod it is about; "" when neither is known. */
  static String nodeOf(Cluster cluster, Event e) {
    if (!e.sourceHost().isEmpty()) return e.sourceHost();
    return cluster.pod(e.involvedNamespace(), e.involvedName()).map(Pod::nodeName).orElse("");
  }

  private Finding finding(CheckContext ctx, String node, List<Event> events) {
    Cluster cluster = ctx.cluster();
    int count = events.stream().mapToInt(Event::count).sum();
    List<Pod> stuck = cluster.pods().stream().filter(p -> p.nodeName().equals(node) && !node.isEmpty()
        && "ContainerCreating".equals(p.displayStatus())).toList();
    List<Evidence> ev = new ArrayList<>();
    events.stream().limit(5).forEach(e -> ev.add(ctx.evidence(e.meta().ref(), e.reason() + " x" + e.count()
        + " for pod " + e.involvedNamespace() + "/" + e.involvedName())));
    stuck.stream().limit(5).forEach(p -> ev.add(ctx.evidence(p.meta().ref(), "stuck in ContainerCreating")));
    String where = node.isEmpty() ? "an unknown node" : "node " + node;
    String capacity = cluster.node(node).map(n -> capacity(cluster, n, ev, ctx)).orElse("");
    String first = events.get(0).message();
    return ctx.finding(node.isEmpty() ? Subject.of("Pod", events.get(0).involvedNamespace(),
                events.get(0).involvedName()) : Subject.node(node),
            "IPAM on " + where + " has no free pod address (" + count + " failed sandbox creations)")
        .explain("The CNI's IPAM plugin on " + where + " refused to allocate pod addresses " + count + " time(s) ("
            + events.size() + " event(s), e.g. \"" + abbreviate(first) + "\"). " + stuck.size()
            + " pod(s) there are stuck in ContainerCreating"
            + (stuck.isEmpty() ? "" : ": " + stuck.stream().limit(10).map(p -> p.meta().key())
                .collect(Collectors.joining(", ")))
            + "." + capacity + " Two causes are common: the plugin leaked addresses of pods that are gone (their"
            + " reservations were never released), or pods are recreated faster than the kubelet's garbage"
            + " collection calls the CNI to release the addresses of dead sandboxes.")
        .remedy("On " + where + ", compare the addresses the IPAM holds (host-local: ls /var/lib/cni/networks/<network>/;"
            + " Azure CNI: /var/run/azure-vnet-ipam.json) with kubectl get pods -A -o wide --field-selector"
            + " spec.nodeName=" + node + ". With the kubelet stopped, remove reservations of addresses no pod uses"
            + " (and their veths/netns), then start it again; report a leak to the plugin's maintainers. If pods"
            + " churn, make kubelet collect dead containers faster (--maximum-dead-containers-per-container=1,"
            + " --minimum-container-ttl-duration=15s).")
        .evidence(ev).build();
  }

  /** How many addresses the node's pod CIDR holds and how many pods use one, when the node has a pod CIDR. */
  private static String capacity(Cluster cluster, Node n, List<Evidence> ev, CheckContext ctx) {
    Optional<IPAddress> cidr = n.allPodCIDRs().stream().findFirst().flatMap(Cidrs::block);
    if (cidr.isEmpty() || !cidr.get().isIPv4()) return "";
    long hosts = cidr.get().getCount().longValue() - 2;
    long used = cluster.pods().stream().filter(p -> p.nodeName().equals(n.meta().name()) && !p.hostNetwork()
        && !p.terminal() && !p.podIP().isEmpty()).count();
    ev.add(ctx.evidence(n.podCIDRRef(), "pod CIDR of " + n.meta().name()));
    return " Its pod CIDR " + n.allPodCIDRs().get(0) + " holds " + hosts + " addresses and " + used + " pod(s) on"
        + " it have one" + (used < hosts / 2 ? ", far fewer than the range: addresses have leaked." : ".");
  }

  private static String abbreviate(String s) {
    return s.length() <= 240 ? s : "…" + s.substring(s.length() - 239); // the cause stands at the end
  }
}
