package dev.packetwalk.check.dns;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.service.Backends;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.ConfigMap;
import dev.packetwalk.model.cluster.ContainerLog;
import dev.packetwalk.model.cluster.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A CoreDNS or kube-dns pod that crash-loops or is not ready, with the log line that says why. */
public final class DnsCorednsCrashloop implements Check {
  static final CheckInfo INFO = new CheckInfo("dns-coredns-crashloop", "DNS pod crash-looping or not ready",
      Severity.ERROR, Layer.KUBERNETES,
      "A CoreDNS/kube-dns pod crash-loops or is not ready; its (previous) log names the cause.");

  /** Causes recognised in DNS pod logs, most specific first. */
  enum Cause {
    LOOP("(?i)plugin/loop: Loop \\(", "CoreDNS detected a forwarding loop: it forwards to the nameserver in "
        + "/etc/resolv.conf, which points back at itself (typically a node running systemd-resolved, whose "
        + "resolv.conf lists 127.0.0.53), so the loop plugin stops it on purpose."),
    NO_NAMESERVERS("(?i)no nameservers", "CoreDNS found no upstream nameserver to forward to (the node's "
        + "resolv.conf, or the forward line of the Corefile, lists none)."),
    API_UNREACHABLE("(?i)Failed to (list|watch) \\*v1\\..*(connection refused|i/o timeout|no route to host)",
        "CoreDNS cannot reach the API server through the kubernetes Service ClusterIP, so its kubernetes plugin "
            + "never syncs and the readiness check fails: look at kube-proxy and the CNI on that node."),
    FORBIDDEN("(?i)is forbidden|Forbidden", "the API server refuses CoreDNS's list/watch: the coredns "
        + "ServiceAccount lacks the system:coredns ClusterRole/ClusterRoleBinding."),
    PERMISSION("(?i)permission denied", "the process is denied an operation (binding port 53 without "
        + "NET_BIND_SERVICE, or SELinux/AppArmor denying a file)."),
    PORT_IN_USE("(?i)address already in use", "port 53 is already taken, usually by a host DNS daemon when the "
        + "pod uses hostNetwork."),
    FATAL("\\[FATAL\\]|^panic:", "the process exits with a fatal error.");

    final Pattern pattern;
    final String meaning;

    Cause(String regex, String meaning) {
      this.pattern = Pattern.compile(regex);
      this.meaning = meaning;
    }
  }

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.PODS)) return List.of();
    List<Finding> out = new ArrayList<>();
    for (Pod p : DnsServer.pods(ctx.cluster())) {
      boolean crash = p.containerStatuses().stream().anyMatch(s -> s.crashLooping()
          || "OOMKilled".equals(s.lastTerminationReason()));
      if (!crash && p.ready()) continue;
      out.add(finding(ctx, p, crash));
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, Pod p, boolean crash) {
    Backends.PodState st = Backends.diagnose(ctx, p);
    var f = ctx.finding(new Subject("Pod", p.meta().namespace(), p.meta().name(), p.nodeName()),
            "DNS pod " + p.meta().key() + (crash ? " is crash-looping" : " is not ready"))
        .evidence(st.evidence());
    StringBuilder why = new StringBuilder("DNS pod " + p.meta().key() + " " + st.summary().substring(
        p.meta().name().length()).strip() + ". Pods whose queries are balanced to it get timeouts.");
    String remedy = "Read `kubectl -n " + p.meta().namespace() + " logs " + p.meta().name() + " --previous` and "
        + "`kubectl -n " + p.meta().namespace() + " describe pod " + p.meta().name() + "`.";
    Optional<Hit> hit = firstHit(ctx.cluster().logsOf(p.meta().namespace(), p.meta().name()));
    if (hit.isPresent()) {
      Hit h = hit.get();
      why.append(" Its log says why: ").append(h.cause.meaning);
      f.evidence(ctx.logLine(h.log, h.line, "the log line that names the cause"));
      if (h.cause == Cause.LOOP || h.cause == Cause.NO_NAMESERVERS) {
        Optional<Evidence> fwd = forwardLine(ctx);
        fwd.ifPresent(f::evidence);
        why.append(fwd.isPresent() ? " The coredns ConfigMap forwards to /etc/resolv.conf." : "");
        remedy = "Point the Corefile's `forward . /etc/resolv.conf` (coredns ConfigMap in kube-system) at real "
            + "upstream resolvers (e.g. `forward . 10.0.0.2`), or set the kubelet's resolvConf to the real file "
            + "(/run/systemd/resolve/resolv.conf on systemd-resolved nodes), then restart the CoreDNS pods.";
      } else if (h.cause == Cause.API_UNREACHABLE) {
        remedy = "Check the kubernetes Service endpoints and kube-proxy/CNI on node " + p.nodeName()
            + ": `kubectl get endpoints kubernetes`, and from the node `curl -k https://<kubernetes ClusterIP>:443`.";
      } else if (h.cause == Cause.FORBIDDEN) {
        remedy = "Restore the RBAC: ClusterRole system:coredns (list/watch endpoints, services, pods, namespaces, "
            + "endpointslices) bound to ServiceAccount kube-system/coredns.";
      }
    } else if (p.containerStatuses().stream().anyMatch(s -> "OOMKilled".equals(s.lastTerminationReason()))) {
      why.append(" Its container was OOMKilled: the memory limit is too small for the cluster's size.");
      remedy = "Raise the memory limit of the CoreDNS deployment (`kubectl -n kube-system edit deploy coredns`).";
    } else {
      why.append(ctx.cluster().logsOf(p.meta().namespace(), p.meta().name()).isEmpty()
          ? " Its log was not collected." : " Its collected log names no known cause.");
    }
    return f.explain(why.toString()).remedy(remedy).build();
  }

  private record Hit(ContainerLog log, int line, Cause cause) {}

  /** The most specific cause in the logs, previous logs first, earliest line first. */
  private static Optional<Hit> firstHit(List<ContainerLog> logs) {
    List<Hit> hits = new ArrayList<>();
    for (ContainerLog log : logs.stream().sorted(Comparator.comparing((ContainerLog l) -> !l.previous())).toList()) {
      for (int i = 0; i < log.lines().size(); i++) {
        for (Cause c : Cause.values()) {
          if (c.pattern.matcher(log.lines().get(i)).find()) {
            hits.add(new Hit(log, i + 1, c));
            break;
          }
        }
      }
    }
    return hits.stream().min(Comparator.comparing(Hit::cause));
  }

  /** The Corefile's forward/proxy line in the coredns ConfigMap, if collected. */
  private static Optional<Evidence> forwardLine(CheckContext ctx) {
    Pattern fwd = Pattern.compile("^\\s*(forward|proxy)\\s+\\.\\s+/etc/resolv\\.conf");
    for (ConfigMap cm : ctx.cluster().configMaps()) {
      String corefile = cm.data().get("Corefile");
      if (corefile == null || !cm.meta().namespace().equals(DnsServer.NAMESPACE)) continue;
      String[] lines = corefile.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (!fwd.matcher(lines[i]).find()) continue;
        SourceRef key = new SourceRef(cm.meta().ref().file(), cm.dataLines().getOrDefault("Corefile", 0),
            cm.meta().ref().pointer() + "/data/Corefile");
        Evidence exact = ctx.evidence(SourceRef.line(key.file(), key.line() + i + 1),
            "Corefile of ConfigMap " + cm.meta().key() + ": forwards to the node's resolv.conf");
        return Optional.of(exact.excerpt().contains(lines[i].strip()) ? exact
            : ctx.evidence(key, "Corefile of ConfigMap " + cm.meta().key() + " contains `" + lines[i].strip() + "`"));
      }
    }
    return Optional.empty();
  }
}
