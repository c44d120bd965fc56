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
      // packet captures
      new CaptureHandshakeFailures()
  );
}
