package dev.packetwalk.trace.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.build.node.NetfilterFixtures;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.trace.Disposition;
import java.util.List;
import org.junit.jupiter.api.Test;

class IptablesDispositionsTest {

  /** The one rule of a one-rule dump in chain {@code chain}. */
  private static NfRule rule(String chain, String rest) {
    String dump = "*filter\n:" + chain + " - [0:0]\n-A " + chain + " " + rest + "\nCOMMIT\n";
    return NetfilterFixtures.fromText("f", dump).rules().get(0);
  }

  private static Disposition of(Hook hook, String chain, String rest, String... path) {
    return IptablesDispositions.classify(hook, rule(chain, rest), List.of(path));
  }

  @Test
  void kubeProxyComments() {
    assertEquals(Disposition.REJECTED_NO_ENDPOINTS, of(Hook.FORWARD, "KUBE-SERVICES",
        "-m comment --comment \"ns/svc:p has no endpoints\" -j REJECT", "FORWARD", "KUBE-SERVICES"));
    assertEquals(Disposition.DROPPED_NO_LOCAL_ENDPOINTS, of(Hook.FORWARD, "KUBE-EXTERNAL-SERVICES",
        "-m comment --comment \"ns/svc:p has no local endpoints\" -j DROP", "FORWARD"));
    assertEquals(Disposition.DROPPED_LB_SOURCE_RANGE, of(Hook.INPUT, "KUBE-PROXY-FIREWALL",
        "-m comment --comment \"ns/svc:p traffic not accepted by KUBE-FW-X\" -j DROP", "INPUT"));
    assertEquals(Disposition.DROPPED_LB_SOURCE_RANGE, of(Hook.PREROUTING, "KUBE-FW-ABC", "-j DROP",
        "PREROUTING", "KUBE-SERVICES", "KUBE-FW-ABC"));
    // a "has no endpoints" comment on a DROP is not kube-proxy's REJECT
    assertEquals(Disposition.DENIED_IN, of(Hook.FORWARD, "X", "-m comment --comment \"has no endpoints\" -j DROP",
        "FORWARD", "X"));
  }

  @Test
  void conntrackInvalid() {
    assertEquals(Disposition.DROPPED_CT_INVALID, of(Hook.FORWARD, "KUBE-FORWARD",
        "-m conntrack --ctstate INVALID -j DROP", "FORWARD", "KUBE-FORWARD"));
    assertEquals(Disposition.DROPPED_CT_INVALID, of(Hook.INPUT, "INPUT", "-m state --state INVALID -j DROP", "INPUT"));
    assertEquals(Disposition.DENIED_IN, of(Hook.INPUT, "INPUT", "-m conntrack ! --ctstate INVALID -j DROP", "INPUT"));
  }

  @Test
  void policyEnginesByChain() {
    for (String c : List.of("cali-tw-cali123", "cali-fw-cali123", "cali-pi-_abc", "cali-po-_abc", "KUBE-NWPLCY-X",
        "KUBE-POD-FW-X", "AZURE-NPM-INGRESS", "CILIUM_FORWARD")) {
      assertEquals(Disposition.DROPPED_BY_POLICY, of(Hook.FORWARD, c, "-j DROP", "FORWARD", c), c);
    }
    assertEquals(Disposition.DROPPED_BY_POLICY, of(Hook.FORWARD, "cali-FORWARD",
        "-m comment --comment \"cali:x\" -m comment --comment \"Drop if no policies passed packet\" -j DROP",
        "FORWARD", "cali-FORWARD"));
  }

  @Test
  void otherwiseByDirection() {
    assertEquals(Disposition.DENIED_IN, of(Hook.PREROUTING, "X", "-j DROP", "PREROUTING"));
    assertEquals(Disposition.DENIED_IN, of(Hook.INPUT, "X", "-j DROP", "INPUT"));
    assertEquals(Disposition.DENIED_OUT, of(Hook.OUTPUT, "X", "-j REJECT", "OUTPUT"));
    assertEquals(Disposition.DENIED_OUT, IptablesDispositions.classify(Hook.POSTROUTING, null, List.of("POSTROUTING")));
  }
}
