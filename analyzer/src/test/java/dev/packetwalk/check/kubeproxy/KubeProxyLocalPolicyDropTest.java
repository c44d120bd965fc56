package dev.packetwalk.check.kubeproxy;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.lineOf;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static dev.packetwalk.check.CheckAssertions.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeProxyLocalPolicyDropTest {
  static final String IPT = "nodes/node1/netfilter/iptables-save.txt";

  @Test
  void iptablesEtpLocalDropsWithCounters() {
    String dump = KubeProxyFixtures.IPTABLES.replace("-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns2/svc2:p80 "
        + "has no local endpoints\" -m tcp -p tcp -d 1.2.3.4", "[12:720] -A KUBE-EXTERNAL-SERVICES -m comment "
        + "--comment \"ns2/svc2:p80 has no local endpoints\" -m tcp -p tcp -d 1.2.3.4");
    Finding f = single(Fixtures.run(new KubeProxyLocalPolicyDrop(), Map.of("cluster/services.json",
        KubeProxyFixtures.SERVICES, "cluster/endpointslices.json", KubeProxyFixtures.slices(), IPT, dump)));
    subject(f, "Service", "ns2", "svc2");
    explains(f, "externalTrafficPolicy", "1.2.3.4:80", "192.168.99.22:80", "nodePort 3001", "12 packets",
        "run on node2");
    assertEquals(3 + 1, f.evidence().size());
    assertEquals(lineOf(dump, "192.168.99.22 --dport 80 -j DROP"), f.evidence().get(0).line());
  }

  @Test
  void nftablesDropElements() {
    Finding f = single(Fixtures.run(new KubeProxyLocalPolicyDrop(), Map.of("cluster/services.json",
        KubeProxyFixtures.SERVICES, "cluster/endpointslices.json", KubeProxyFixtures.slices(),
        "nodes/node1/netfilter/nft-ruleset.txt", KubeProxyFixtures.NFT)));
    subject(f, "Service", "ns2", "svc2");
    explains(f, "nodePort 3001", "1.2.3.4:80", "192.168.99.22:80");
  }

  @Test
  void rejectForNoEndpointsIsNotThisCheck() {
    String dump = KubeProxyFixtures.IPTABLES.lines().filter(l -> !l.contains("has no local endpoints"))
        .reduce("", (a, b) -> a + b + "\n");
    noFindings(Fixtures.run(new KubeProxyLocalPolicyDrop(), Map.of("cluster/services.json",
        KubeProxyFixtures.SERVICES, IPT, dump)));
  }
}
