package dev.packetwalk.check.ingress;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.Container.ContainerPort;
import dev.packetwalk.model.cluster.ContainerLog;
import dev.packetwalk.model.cluster.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two pods on one node claiming the same host port: hostNetwork pods (an ingress controller, a software load
 * balancer) and hostPort declarations share the node's port space, and the second one cannot bind.
 */
public final class HostnetworkPortConflict implements Check {
  static final CheckInfo INFO = new CheckInfo("hostnetwork-port-conflict", "Host port claimed twice on a node",
      Severity.ERROR, Layer.KUBERNETES,
      "Two hostNetwork pods or hostPort declarations on the same node claim the same port and protocol.");

  private static final Pattern IN_USE = Pattern.compile("(?i)address already in use");
  /** "0.0.0.0:443", "[::]:80", "*:80", "10.0.0.5:8443": the port of a listen address in a bind error. */
  private static final Pattern PORT = Pattern.compile("(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\]|\\*|::):(\\d{1,5})\\b");

  /** One pod's claim on a node port. */
  private record Claim(Pod pod, ContainerPort port) {}

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.PODS)) return List.of();
    Map<String, List<Claim>> claims = new TreeMap<>(); // node|port/proto → claims, in pod order
    for (Pod p : ctx.cluster().pods()) {
      if (p.terminal() || p.nodeName().isEmpty()) continue;
      for (Container c : p.containers()) {
        for (ContainerPort cp : c.ports()) {
          int port = p.hostNetwork() ? cp.containerPort() : cp.hostPort();
          if (port <= 0) continue;
          claims.computeIfAbsent(p.nodeName() + "|" + port + "/" + cp.protocol(), k -> new ArrayList<>())
              .add(new Claim(p, cp));
        }
      }
    }
    List<Finding> out = new ArrayList<>();
    java.util.Set<String> named = new java.util.TreeSet<>();
    claims.forEach((key, cs) -> {
      List<Claim> distinct = cs.stream().filter(x -> cs.stream().filter(y -> y.pod() == x.pod()).findFirst()
          .orElseThrow() == x).toList();
      if (distinct.size() < 2) return;
      out.add(declared(ctx, key, distinct));
      distinct.forEach(x -> named.add(x.pod().meta().key()));
    });
    for (Pod p : ctx.cluster().pods()) {
      if (!p.hostNetwork() || p.terminal() || p.ready() || named.contains(p.meta().key())) continue;
      for (ContainerLog log : ctx.cluster().logsOf(p.meta().namespace(), p.meta().name())) {
        int n = firstMatch(log);
        if (n > 0) {
          out.add(fromLog(ctx, p, log, n));
          break;
        }
      }
    }
    return out;
  }

  private static Finding declared(CheckContext ctx, String key, List<Claim> cs) {
    String node = key.substring(0, key.indexOf('|'));
    String port = key.substring(key.indexOf('|') + 1);
    Claim loser = cs.stream().filter(x -> !x.pod().ready()).findFirst().orElse(cs.get(cs.size() - 1));
    var f = ctx.finding(new Subject("Node", "", node, node), "Port " + port + " is claimed by " + cs.size()
        + " pods on node " + node);
    List<String> who = new ArrayList<>();
    for (Claim c : cs) {
      who.add(c.pod().meta().key() + (c.pod().hostNetwork() ? " (hostNetwork)" : " (hostPort)") + ", "
          + c.pod().displayStatus());
      f.evidence(ctx.evidence(c.port().ref(), "pod " + c.pod().meta().key() + " claims " + port));
    }
    return f.explain("On node " + node + " " + String.join(" and ", who) + " all claim host port " + port
            + ". hostNetwork pods and hostPort mappings share the node's single port space, so only one can bind; "
            + loser.pod().meta().key() + " cannot, and traffic to " + node + ":" + port.replaceAll("/.*", "")
            + " reaches whichever process won (seed case: an ingress controller and a software load balancer both "
            + "on 80/443).")
        .remedy("Keep the two off the same node (nodeSelector/affinity, or a DaemonSet on disjoint node sets), or "
            + "move one to other ports; list the claims with `kubectl get pods -A -o wide --field-selector "
            + "spec.nodeName=" + node + "` and on the node `ss -ltnup 'sport = :" + port.replaceAll("/.*", "") + "'`.")
        .build();
  }

  private static Finding fromLog(CheckContext ctx, Pod p, ContainerLog log, int n) {
    Matcher m = PORT.matcher(log.lines().get(n - 1));
    String port = "";
    while (m.find()) port = m.group(1);
    List<Pod> neighbours = ctx.cluster().pods().stream().filter(o -> o != p && o.hostNetwork() && !o.terminal()
        && o.nodeName().equals(p.nodeName()) && o.running()).toList();
    var f = ctx.finding(new Subject("Pod", p.meta().namespace(), p.meta().name(), p.nodeName()),
            "hostNetwork pod " + p.meta().key() + " cannot bind" + (port.isEmpty() ? "" : " port " + port)
                + " on node " + p.nodeName())
        .evidence(ctx.logLine(log, n, "the bind failure"));
    neighbours.stream().limit(5).forEach(o -> f.evidence(ctx.evidence(o.meta().ref(),
        "hostNetwork pod on the same node: " + o.meta().key())));
    return f.explain("hostNetwork pod " + p.meta().key() + " on node " + p.nodeName() + " is " + p.displayStatus()
            + " and its log says the address is already in use" + (port.isEmpty() ? "" : " (port " + port + ")")
            + ": another process on the node holds the port. "
            + (neighbours.isEmpty() ? "No other hostNetwork pod runs there, so it is a host process."
                : "Other hostNetwork pods on that node: " + String.join(", ",
                    neighbours.stream().map(o -> o.meta().key()).toList()) + "; one of them likely listens on it "
                    + "without declaring the port."))
        .remedy("On node " + p.nodeName() + " find the owner with `ss -ltnup" + (port.isEmpty() ? "" : " 'sport = :"
            + port + "'") + "`, then move one of the two to other nodes or ports.")
        .build();
  }

  private static int firstMatch(ContainerLog log) {
    for (int i = 0; i < log.lines().size(); i++) if (IN_USE.matcher(log.lines().get(i)).find()) return i + 1;
    return 0;
  }
}
