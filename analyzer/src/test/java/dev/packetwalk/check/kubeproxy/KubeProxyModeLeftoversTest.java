package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KubeProxyModeLeftoversTest {
  static String configMap(String mode) {
    return """
        apiVersion: v1
        kind: List
        items:
        - kind: ConfigMap
          metadata: {name: kube-proxy, namespace: kube-system}
          data:
            config.conf: |
              apiVersion: kubeproxy.config.k8s.io/v1alpha1
              kind: KubeProxyConfiguration
              mode: "%s"
        """.formatted(mode);
  }

  @Test
  void iptablesChainsLeftOnAnIpvsNode() {
    Finding f = single(Fixtures.run(new KubeProxyModeLeftovers(), Map.of(
        "cluster/kube-system/configmaps.json", configMap("ipvs"),
        "nodes/node1/netfilter/iptables-save.txt", KubeProxyFixtures.IPTABLES,
        "nodes/node1/ipvs/ipvsadm-Ln.txt", KubeProxyFixtures.IPVS)));
    explains(f, "iptables and ipvs", "mode ipvs", "iptables rules are leftovers");
    assertEquals("node1", f.subject().node());
    assertEquals(3, f.evidence().size());
  }

  @Test
  void nftablesTableBesideIptablesWithoutConfigMap() {
    Finding f = single(Fixtures.run(new KubeProxyModeLeftovers(), Map.of(
        "nodes/node1/netfilter/iptables-save.txt", KubeProxyFixtures.IPTABLES,
        "nodes/node1/netfilter/nft-ruleset.txt", KubeProxyFixtures.NFT)));
    explains(f, "iptables and nftables", "cannot be told");
  }

  @Test
  void onlyTheConfiguredModeIsFine() {
    noFindings(Fixtures.run(new KubeProxyModeLeftovers(), Map.of(
        "cluster/kube-system/configmaps.json", configMap("nftables"),
        "nodes/node1/netfilter/nft-ruleset.txt", KubeProxyFixtures.NFT)));
  }

  @Test
  void emptyModeMeansIptablesSoAnIpvsOnlyNodeIsWrong() {
    Map<String, String> m = new TreeMap<>(Map.of("cluster/kube-system/configmaps.json", configMap(""),
        "nodes/node1/ipvs/ipvsadm-Ln.txt", KubeProxyFixtures.IPVS));
    Finding f = single(Fixtures.run(new KubeProxyModeLeftovers(), m));
    assertEquals(Severity.ERROR, f.severity());
    explains(f, "configured mode has no rules");
  }
}
