package dev.packetwalk.check;

import java.util.List;

/**
 * The catalog: every check, in the order the report lists them. Adding a check means adding it here; a contract
 * test holds every entry to its id, doc and tests.
 */
public final class Checks {
  private Checks() {}

  public static final List<Check> ALL = List.of(
      // CNI and node network health (check.cni)
      new dev.packetwalk.check.cni.NetworkDaemonNotRunning(),
      new dev.packetwalk.check.cni.CniIpamExhausted(),
      new dev.packetwalk.check.cni.PodSandboxNetworkFailed(),
      new dev.packetwalk.check.cni.NodeNetworkNotReady(),
      new dev.packetwalk.check.cni.NodeNoPodCidr(),
      new dev.packetwalk.check.cni.CidrOverlap(),
      // NetworkPolicy intent (check.policy)
      new dev.packetwalk.check.policy.NetpolBlocksIngressController(),
      new dev.packetwalk.check.policy.NetpolBlocksDns(),
      new dev.packetwalk.check.policy.NetpolSelectsNothing(),
      new dev.packetwalk.check.policy.NetpolPodIsolated()
  );
}
