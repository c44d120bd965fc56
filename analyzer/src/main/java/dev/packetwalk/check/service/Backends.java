package dev.packetwalk.check.service;

import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.Evidence;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.ContainerStatus;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.EndpointSet;
import dev.packetwalk.model.cluster.Event;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Facts about a Service's backends shared by the Service, DNS, traffic-policy and Ingress checks: its endpoint
 * addresses from both endpoint APIs, the nodes that host ready ones, and why a pod is not serving.
 */
public final class Backends {
  private Backends() {}

  /** Whether either endpoint API was collected; without one, "no endpoints" cannot be told from "not collected". */
  public static boolean endpointsCollected(Cluster c) {
    return c.has(Cluster.Kind.ENDPOINTS) || c.has(Cluster.Kind.ENDPOINT_SLICES);
  }

  /** Every address of the Service's Endpoints object and EndpointSlices, Endpoints first. */
  public static List<EndpointAddress> addresses(Cluster c, Service s) {
    List<EndpointAddress> all = new ArrayList<>();
    c.endpointsOf(s).ifPresent(e -> all.addAll(e.addresses()));
    for (EndpointSet slice : c.slicesOf(s)) all.addAll(slice.addresses());
    return all;
  }

  public static List<EndpointAddress> readyAddresses(Cluster c, Service s) {
    return addresses(c, s).stream().filter(EndpointAddress::ready).toList();
  }

  /**
   * Whether the Service has a ready backend: by its endpoints when they were collected, else by its selected pods;
   * empty when neither tells (no endpoint data and no pods).
   */
  public static Optional<Boolean> hasReadyBackend(Cluster c, Service s) {
    if (endpointsCollected(c)) return Optional.of(!readyAddresses(c, s).isEmpty());
    if (c.has(Cluster.Kind.PODS) && s.hasSelector()) {
      return Optional.of(c.selectedPods(s).stream().anyMatch(Pod::ready));
    }
    return Optional.empty();
  }

  /** The node of an endpoint address: as listed, else its target pod's, else the node of the pod with that IP. */
  public static String nodeOf(Cluster c, EndpointAddress a) {
    if (!a.nodeName().isEmpty()) return a.nodeName();
    Optional<Pod> pod = "Pod".equals(a.targetKind()) ? c.pod(a.targetNamespace(), a.targetName()) : Optional.empty();
    if (pod.isEmpty()) pod = c.pods().stream().filter(p -> !p.hostNetwork() && p.podIPs().contains(a.ip())).findFirst();
    return pod.map(Pod::nodeName).orElse("");
  }

  /** Nodes hosting at least one ready endpoint of the Service, sorted; from endpoints, or ready pods if none. */
  public static TreeSet<String> readyNodes(Cluster c, Service s) {
    TreeSet<String> nodes = new TreeSet<>();
    if (endpointsCollected(c)) {
      for (EndpointAddress a : readyAddresses(c, s)) nodes.add(nodeOf(c, a));
    } else {
      for (Pod p : c.selectedPods(s)) if (p.ready()) nodes.add(p.nodeName());
    }
    nodes.remove("");
    return nodes;
  }

  /** Why a pod is not serving, in words, with the fields and events that show it. */
  public record PodState(String summary, List<Evidence> evidence) {}

  public static PodState diagnose(CheckContext ctx, Pod p) {
    List<String> why = new ArrayList<>();
    List<Evidence> ev = new ArrayList<>();
    if (!p.running()) {
      why.add("is " + p.displayStatus() + " (phase " + (p.phase().isEmpty() ? "unknown" : p.phase()) + ")");
    }
    for (ContainerStatus s : p.containerStatuses()) {
      if (s.init() && !"waiting".equals(s.state()) && !"terminated".equals(s.state())) continue;
      if (s.init() && "terminated".equals(s.state()) && "Completed".equals(s.reason())) continue;
      String c = (s.init() ? "init container " : "container ") + s.name();
      String last = s.lastTerminationReason().isEmpty() ? ""
          : ", last terminated " + s.lastTerminationReason()
              + (s.lastExitCode() == null ? "" : " (exit code " + s.lastExitCode() + ")");
      if (s.crashLooping()) {
        why.add(c + " is in CrashLoopBackOff after " + s.restartCount() + " restarts" + last);
      } else if ("waiting".equals(s.state()) && !s.reason().isEmpty()) {
        why.add(c + " is waiting: " + s.reason() + (s.message().isEmpty() ? "" : " (" + s.message() + ")"));
      } else if ("terminated".equals(s.state())) {
        why.add(c + " terminated: " + (s.reason().isEmpty() ? "exit" : s.reason()));
      } else if (!s.ready() && !s.init()) {
        why.add(c + " is running but not ready" + last);
      } else {
        continue;
      }
      ev.add(ctx.evidence(s.ref(), "status of " + c));
    }
    for (Event e : ctx.cluster().eventsFor("Pod", p.meta().namespace(), p.meta().name())) {
      if ("Unhealthy".equals(e.reason()) && e.message().contains("Readiness")) {
        why.add("readiness probe failing: " + e.message().strip() + (e.count() > 1 ? " (x" + e.count() + ")" : ""));
        ev.add(ctx.evidence(e.meta().ref(), "Unhealthy event of pod " + p.meta().name()));
      }
    }
    if (why.isEmpty()) {
      Optional<dev.packetwalk.model.cluster.Condition> ready = p.condition("Ready");
      why.add(ready.map(r -> "has Ready=" + r.status() + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")"))
          .orElse("reports no Ready condition"));
      ev.add(ctx.evidence(ready.map(dev.packetwalk.model.cluster.Condition::ref).orElse(p.meta().ref()),
          "Ready condition of pod " + p.meta().name()));
    }
    return new PodState(p.meta().name() + " " + String.join("; ", why), ev);
  }
}
