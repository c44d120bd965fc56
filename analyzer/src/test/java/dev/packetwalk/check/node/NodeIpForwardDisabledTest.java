package dev.packetwalk.check.node;

import static dev.packetwalk.check.CheckAssertions.explains;
import static dev.packetwalk.check.CheckAssertions.noFindings;
import static dev.packetwalk.check.CheckAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.CheckResult;
import dev.packetwalk.check.Finding;
import dev.packetwalk.testing.Fixtures;
import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeIpForwardDisabledTest {
  @Test
  void realNodeWithForwardingOff() {
    Finding f = single(Fixtures.run(new NodeIpForwardDisabled(), NodeFixtures.realCluster()));
    assertEquals("node1", f.subject().node());
    explains(f, "node1", "ip_forward = 0");
    assertEquals("nodes/node1/kernel/sysctl.txt:" + NodeFixtures.line("nodes/node1/kernel/sysctl.txt",
        "net.ipv4.ip_forward ="), f.evidence().get(0).location());
  }

  @Test
  void forwardingOn() {
    noFindings(Fixtures.run(new NodeIpForwardDisabled(), Map.of("nodes/n1/kernel/sysctl.txt",
        "net.ipv4.conf.all.rp_filter = 1\nnet.ipv4.ip_forward = 1\n")));
  }

  @Test
  void noNodeEvidenceIsInsufficientNotPassed() {
    CheckResult r = Fixtures.run(new NodeIpForwardDisabled(), Map.of("cluster/nodes.json", NodeFixtures.NODES));
    assertEquals(CheckResult.Status.INSUFFICIENT_INFO, r.status());
  }
}
