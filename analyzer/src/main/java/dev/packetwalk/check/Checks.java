package dev.packetwalk.check;

import dev.packetwalk.check.capture.CaptureHandshakeFailures;
import dev.packetwalk.check.cni.CidrOverlap;
import dev.packetwalk.check.cni.CniIpamExhausted;
import dev.packetwalk.check.cni.NetworkDaemonNotRunning;
import dev.packetwalk.check.cni.NodeNetworkNotReady;
import dev.packetwalk.check.cni.NodeNoPodCidr;
import dev.packetwalk.check.cni.PodSandboxNetworkFailed;
import dev.packetwalk.check.dns.DnsBothKubeDnsAndCoredns;
import dev.packetwalk.check.dns.DnsCorednsCrashloop;
import dev.packetwalk.check.dns.DnsServiceUnavailable;
import dev.packetwalk.check.ingress.HostnetworkPortConflict;
import dev.packetwalk.check.ingress.IngressBackendMissing;
import dev.packetwalk.check.ingress.IngressClassMissing;
import dev.packetwalk.check.ingress.IngressControllerDown;
import dev.packetwalk.check.policy.NetpolBlocksDns;
import dev.packetwalk.check.policy.NetpolBlocksIngressController;
import dev.packetwalk.check.policy.NetpolPodIsolated;
import dev.packetwalk.check.policy.NetpolSelectsNothing;
import dev.packetwalk.check.service.ApiserverEndpointsMissing;
import dev.packetwalk.check.service.EndpointsStale;
import dev.packetwalk.check.service.ServiceNoReadyEndpoints;
import dev.packetwalk.check.service.ServiceSelectorNoMatch;
import dev.packetwalk.check.service.ServiceTargetPortMismatch;
import dev.packetwalk.check.traffic.LoadbalancerPending;
import dev.packetwalk.check.traffic.TrafficPolicyLocalNoEndpoint;
import dev.packetwalk.check.kubeproxy.KubeProxyLbSourceRanges;
import dev.packetwalk.check.kubeproxy.KubeProxyLocalPolicyDrop;
import dev.packetwalk.check.kubeproxy.KubeProxyMasqueradeRandomFully;
import dev.packetwalk.check.kubeproxy.KubeProxyModeLeftovers;
import dev.packetwalk.check.kubeproxy.KubeProxyNoEndpointsReject;
import dev.packetwalk.check.kubeproxy.KubeProxyServiceNotProgrammed;
import dev.packetwalk.check.netfilter.NetfilterBackendSplit;
import dev.packetwalk.check.netfilter.NetfilterCtstateInvalidDrops;
import dev.packetwalk.check.routing.NodeCalicoPodRoute;
import dev.packetwalk.check.routing.NodeDrift;
import dev.packetwalk.check.routing.NodeNeighbourUnreachable;
import dev.packetwalk.check.routing.NodeRpFilterAsymmetric;
import dev.packetwalk.check.routing.NodeVtepMismatch;
import dev.packetwalk.check.kubeproxy.KubeProxyNodeportMissing;
import dev.packetwalk.check.kubeproxy.KubeProxyStaleEndpoint;
import dev.packetwalk.check.node.NetfilterDropCounters;
import dev.packetwalk.check.node.NodeBridgeNfCallDisabled;
import dev.packetwalk.check.node.NodeForwardPolicyDrop;
import dev.packetwalk.check.node.NodeIpForwardDisabled;
import dev.packetwalk.check.node.NodeRouteToPodCidrMissing;
import dev.packetwalk.check.node.NodePodWiring;
import dev.packetwalk.check.node.NodeOrphanVeth;
import dev.packetwalk.check.node.NodeConntrackPressure;
import dev.packetwalk.check.node.NodeConntrackInsertFailed;
import dev.packetwalk.check.node.NodeConntrackStaleUdp;
import dev.packetwalk.check.node.NodeDnsWiring;
import dev.packetwalk.check.node.NodeHairpinOff;
import dev.packetwalk.check.node.NodeIpamLeak;
import dev.packetwalk.check.node.NodeIpamExhaustion;
import dev.packetwalk.check.node.NodeMtuMismatch;
import dev.packetwalk.check.node.NodeSelinuxCniFailure;
import java.util.List;

/**
 * The catalog: every check, in the order the report lists them. Adding a check means adding it here; a contract
 * test holds every entry to its id, doc and tests.
 */
public final class Checks {
  private Checks() {}

  public static final List<Check> ALL = List.of(
      // Kubernetes built-ins: Services and endpoints
      new ServiceSelectorNoMatch(),
      new ServiceNoReadyEndpoints(),
      new ServiceTargetPortMismatch(),
      new EndpointsStale(),
      new ApiserverEndpointsMissing(),
      // DNS
      new DnsServiceUnavailable(),
      new DnsCorednsCrashloop(),
      new DnsBothKubeDnsAndCoredns(),
      // traffic policy and LoadBalancer
      new TrafficPolicyLocalNoEndpoint(),
      new LoadbalancerPending(),
      // Ingress
      new IngressBackendMissing(),
      new IngressClassMissing(),
      new IngressControllerDown(),
      new HostnetworkPortConflict(),
      // NetworkPolicy intent
      new NetpolBlocksIngressController(),
      new NetpolBlocksDns(),
      new NetpolSelectsNothing(),
      new NetpolPodIsolated(),
      // CNI and node network health
      new NetworkDaemonNotRunning(),
      new CniIpamExhausted(),
      new PodSandboxNetworkFailed(),
      new NodeNetworkNotReady(),
      new NodeNoPodCidr(),
      new CidrOverlap(),
      // node dataplane (nodes/<node>/ evidence from packetwalk-node)
      new NodeIpForwardDisabled(),
      new NodeBridgeNfCallDisabled(),
      new NodeForwardPolicyDrop(),
      new NodeRouteToPodCidrMissing(),
      new NetfilterDropCounters(),
      // node dataplane: pod wiring, conntrack, DNS, hairpin, IPAM, MTU, SELinux
      new NodePodWiring(),
      new NodeOrphanVeth(),
      new NodeConntrackPressure(),
      new NodeConntrackInsertFailed(),
      new NodeConntrackStaleUdp(),
      new NodeDnsWiring(),
      new NodeHairpinOff(),
      new NodeIpamLeak(),
      new NodeIpamExhaustion(),
      new NodeMtuMismatch(),
      new NodeSelinuxCniFailure(),
      // kube-proxy as programmed on the nodes
      new KubeProxyStaleEndpoint(),
      new KubeProxyNodeportMissing(),
      new KubeProxyNoEndpointsReject(),
      new KubeProxyServiceNotProgrammed(),
      new KubeProxyLocalPolicyDrop(),
      new KubeProxyLbSourceRanges(),
      new KubeProxyModeLeftovers(),
      new KubeProxyMasqueradeRandomFully(),
      // netfilter backends and conntrack state
      new NetfilterBackendSplit(),
      new NetfilterCtstateInvalidDrops(),
      // routing and neighbours on the nodes
      new NodeRpFilterAsymmetric(),
      new NodeNeighbourUnreachable(),
      new NodeVtepMismatch(),
      new NodeCalicoPodRoute(),
      new NodeDrift(),
      // packet captures
      new CaptureHandshakeFailures()
  );
}
