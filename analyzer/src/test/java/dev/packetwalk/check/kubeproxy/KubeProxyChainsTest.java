package dev.packetwalk.check.kubeproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KubeProxyChainsTest {
  @Test
  void recomputesKubeProxyChainNames() {
    // kubernetes pkg/proxy/iptables/proxier_test.go: ns1/svc1:p80 over TCP is KUBE-SVC-XPGD46QRK7WJZT7O
    assertEquals("XPGD46QRK7WJZT7O", KubeProxyChains.hash("ns1/svc1:p80tcp"));
  }
}
