package dev.packetwalk.check.cni;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.cni.LogSignatures.Hit;
import dev.packetwalk.check.cni.NetworkDaemons.Daemon;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.ContainerLog;
import dev.packetwalk.model.cluster.ContainerStatus;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Seed 002: CNI or kube-proxy pods that are not Running and Ready (Init:CrashLoopBackOff included), with the cause
 * their logs name, one finding per DaemonSet.
 */
public final class NetworkDaemonNotRunning implements Check {
  static final CheckInfo INFO = new CheckInfo("network-daemon-not-running", "Network daemon not running",
      Severity.CRITICAL, Layer.CNI,
      "Finds CNI and kube-proxy pods that are not Running and Ready, and names the cause their logs show.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.PODS)) return List.of();
    Cluster cluster = ctx.cluster();
    Map<String, List<Pod>> byOwner = new LinkedHashMap<>();
    Map<String, Daemon> daemonOf = new LinkedHashMap<>();
    for (Pod pod : cluster.pods()) {
      Optional<Daemon> d = NetworkDaemons.of(pod);
      if (d.isEmpty() || pod.terminal() || (pod.running() && pod.ready())) continue;
      String owner = pod.meta().namespace() + "/" + (pod.meta().ownerName().isEmpty() ? pod.meta().name()
          : pod.meta().ownerName());
      byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(pod);
      daemonOf.put(owner, d.get());
    }
    List<Finding> out = new ArrayList<>();
    byOwner.forEach((owner, pods) -> out.add(finding(ctx, owner, daemonOf.get(owner), pods)));
    for (Workload w : cluster.workloads()) {
      Optional<Daemon> d = NetworkDaemons.of(w);
      if (d.isEmpty() || w.ready() >= w.desired() || byOwner.containsKey(w.meta().key())) continue;
      String what = d.get() == Daemon.KUBE_PROXY ? "kube-proxy" : "the " + d.get().label() + " CNI daemon";
      out.add(ctx.finding(Subject.of("DaemonSet", w.meta().namespace(), w.meta().name()),
              "DaemonSet " + w.meta().key() + ": " + w.ready() + " of " + w.desired() + " ready")
          .layer(d.get() == Daemon.KUBE_PROXY ? Layer.KUBERNETES : Layer.CNI)
          .explain("DaemonSet " + w.meta().key() + " (" + what + ") wants " + w.desired() + " pods but only "
              + w.ready() + " are ready; the pods that are not are not in the bundle, so their state is unknown.")
          .remedy("kubectl -n " + w.meta().namespace() + " get pods -o wide | grep " + w.meta().name()
              + ", then describe and read the logs (--previous) of those not Ready.")
          .evidence(ctx.evidence(w.meta().ref(), w.desired() + " desired, " + w.ready() + " ready")).build());
    }
    return out;
  }

  private Finding finding(CheckContext ctx, String owner, Daemon daemon, List<Pod> pods) {
    Cluster cluster = ctx.cluster();
    String ns = owner.substring(0, owner.indexOf('/'));
    String name = owner.substring(owner.indexOf('/') + 1);
    Optional<Workload> ds = cluster.workloads().stream().filter(w -> w.meta().namespace().equals(ns)
        && w.meta().name().equals(name) && "DaemonSet".equals(w.meta().kind())).findFirst();
    List<Evidence> ev = new ArrayList<>();
    List<String> states = new ArrayList<>();
    Map<LogSignatures.Signature, Hit> causes = new LinkedHashMap<>();
    boolean anyLog = false;
    for (Pod pod : pods) {
      states.add(pod.meta().name() + " on " + (pod.nodeName().isEmpty() ? "no node" : pod.nodeName()) + ": "
          + pod.displayStatus() + restarts(pod));
      badStatus(pod).ifPresentOrElse(s -> ev.add(ctx.evidence(s.ref(), "container " + s.name() + " "
          + (s.reason().isEmpty() ? s.state() : s.reason()))), () -> ev.add(ctx.evidence(pod.meta().ref(), "pod")));
      for (ContainerLog log : cluster.logsOf(pod.meta().namespace(), pod.meta().name())) {
        anyLog = true;
        for (Hit h : LogSignatures.scan(log)) causes.putIfAbsent(h.signature(), h);
      }
    }
    causes.values().forEach(h -> ev.add(ctx.logLine(h.log(), h.line(), h.signature().meaning())));
    ds.ifPresent(w -> ev.add(ctx.evidence(w.meta().ref(), "DaemonSet: " + w.desired() + " desired, " + w.ready()
        + " ready")));
    String what = daemon == Daemon.KUBE_PROXY ? "kube-proxy" : "the " + daemon.label() + " CNI daemon";
    StringBuilder why = new StringBuilder(pods.size() + " pod(s) of " + what + " (" + owner + ") are not Running"
        + " and Ready: " + String.join("; ", states) + ".");
    ds.ifPresent(w -> why.append(" DaemonSet ").append(owner).append(": ").append(w.desired()).append(" desired, ")
        .append(w.ready()).append(" ready."));
    why.append(daemon == Daemon.KUBE_PROXY ? " On these nodes Service ClusterIPs and NodePorts are not kept up to date."
        : " On these nodes new pods get no network (sandbox creation fails) and routes to other nodes' pods may be"
            + " missing.");
    for (Hit h : causes.values()) {
      why.append(" The log ").append(h.log().file()).append(" line ").append(h.line()).append(" says \"")
          .append(h.text()).append("\": ").append(h.signature().meaning()).append('.');
    }
    if (causes.isEmpty()) {
      why.append(anyLog ? " Their collected logs show no known failure signature."
          : " No log of these pods was collected.");
    }
    String remedy = causes.isEmpty()
        ? "Read kubectl -n " + ns + " logs " + pods.get(0).meta().name() + " --all-containers --previous and"
            + " kubectl -n " + ns + " describe pod " + pods.get(0).meta().name() + "."
        : causes.values().stream().map(h -> h.signature().remedy()).collect(Collectors.joining("; ")) + ".";
    Subject subject = Subject.of(ds.isPresent() ? "DaemonSet" : "Pod", ns, ds.isPresent() ? name
        : pods.get(0).meta().name());
    if (pods.size() == 1) subject = subject.onNode(pods.get(0).nodeName());
    return ctx.finding(subject, what.substring(0, 1).toUpperCase() + what.substring(1) + " " + owner + " not running: "
            + pods.get(0).displayStatus() + (causes.isEmpty() ? "" : " (" + causes.keySet().iterator().next()
                .cause() + ")"))
        .layer(daemon == Daemon.KUBE_PROXY ? Layer.KUBERNETES : Layer.CNI)
        .explain(why.toString()).remedy(remedy).evidence(ev).build();
  }

  private static Optional<ContainerStatus> badStatus(Pod pod) {
    return pod.containerStatuses().stream().filter(s -> !"running".equals(s.state()) && !("terminated".equals(
        s.state()) && "Completed".equals(s.reason()))).findFirst()
        .or(() -> pod.containerStatuses().stream().filter(s -> !s.init() && !s.ready()).findFirst());
  }

  private static String restarts(Pod pod) {
    int r = pod.containerStatuses().stream().mapToInt(ContainerStatus::restartCount).sum();
    return r > 0 ? " (" + r + " restarts)" : "";
  }
}
