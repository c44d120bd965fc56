package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.kubeproxy.KubeProxyMode.Mode;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NodeDataplane;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A Service port with ready endpoints for which a node's kube-proxy has nothing at all: no {@code KUBE-SVC} chain
 * or rule, no nftables map element, no IPVS virtual server. Connections to the ClusterIP from that node are not
 * DNATed and go out by the default route (iptables/IPVS) or are rejected as an invalid ClusterIP port (nftables).
 */
public final class KubeProxyServiceNotProgrammed implements Check {
  static final CheckInfo INFO = new CheckInfo("kube-proxy-service-not-programmed",
      "Service not programmed by kube-proxy on a node", Severity.ERROR, Layer.KUBERNETES,
      "Finds Service ports with ready endpoints that a node's kube-proxy has no chain, map element or virtual server "
          + "for.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (KubeProxyNodes.ServicePortOnNode sp : KubeProxyNodes.servicePorts(ctx)) {
      Service s = sp.service();
      if (s.headless() || s.clusterIP().isEmpty() || s.isExternalName()) continue;
      TreeSet<String> ready = KubeProxyChains.readyEndpoints(ctx.cluster(), s, sp.port());
      if (ready.isEmpty() || KubeProxyPrograms.find(sp.node(), sp.mode(), s, sp.port()).isPresent()) continue;
      out.add(finding(ctx, sp.node(), sp.mode(), s, sp.port(), ready));
    }
    return out;
  }

  private static Finding finding(CheckContext ctx, NodeDataplane n, Mode mode, Service s, ServicePort p,
      TreeSet<String> ready) {
    String port = KubeProxyChains.portName(s, p);
    String where = switch (mode) {
      case IPTABLES -> "no " + KubeProxyChains.svcChain(s, p) + " chain and no KUBE-SERVICES rule for "
          + s.clusterIP() + ":" + p.port();
      case NFTABLES -> "no element " + s.clusterIP() + " . " + p.protocol().toLowerCase() + " . " + p.port()
          + " in the service-ips map and no service-…-" + s.meta().namespace() + "/" + s.meta().name() + " chain";
      case IPVS -> "no IPVS virtual server " + p.protocol() + " " + s.clusterIP() + ":" + p.port();
    };
    String effect = mode == Mode.NFTABLES
        ? "the cluster-ips-check chain rejects connections to the ClusterIP, or they are not DNATed at all"
        : "connections to " + s.clusterIP() + ":" + p.port() + " from pods and processes on " + n.name()
            + " are not DNATed: they follow the default route and time out";
    return ctx.finding(Subject.of("Service", s.meta().namespace(), s.meta().name()).onNode(n.name()),
            port + " is not programmed by kube-proxy on " + n.name())
        .evidence(ctx.evidence(KubeProxyMode.present(n).get(mode), "kube-proxy " + mode.word() + " mode on "
            + n.name()))
        .evidence(ctx.evidence(p.ref() == null ? s.meta().ref() : p.ref(), "the Service port, ready endpoints "
            + String.join(", ", ready)))
        .explain("Service " + s.meta().namespace() + "/" + s.meta().name() + " port " + p.label() + " has ready "
            + "endpoints (" + String.join(", ", ready) + "), but node " + n.name() + " (kube-proxy " + mode.word()
            + " mode) has " + where + ". So " + effect + ". kube-proxy on " + n.name() + " has not synced since the "
            + "Service was created: it is stuck, crashing, or cannot reach the API server.")
        .remedy("Check the kube-proxy pod on " + n.name() + " (kubectl -n kube-system get pods -o wide -l "
            + "k8s-app=kube-proxy; its logs for sync and API errors); restart it to force a full sync.")
        .build();
  }
}
