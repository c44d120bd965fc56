package dev.packetwalk.trace.netfilter;

import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a packet through one node's hooks the way the kernel orders them, for the kube-proxy fixture tests: a packet
 * from a local address starts at OUTPUT, any other at PREROUTING; then INPUT when its (translated) destination is
 * local, else FORWARD and POSTROUTING. Routing is not modelled here: every packet leaving the node leaves by eth0.
 */
final class KubeProxyFlows {
  private KubeProxyFlows() {}

  /** One way the packet ends: its fate, the packet after the last hook, whether it was masqueraded, all steps. */
  record End(Fate fate, Packet packet, boolean dnatted, boolean masqueraded, List<Step> steps, double probability,
      FilterOutcome last) {}

  static List<End> walk(PacketFilter f, HostView host, Packet p) {
    boolean fromNode = host.isLocal(p.src());
    FilterInput first = new FilterInput(fromNode ? Hook.OUTPUT : Hook.PREROUTING, p, CtState.NEW,
        fromNode ? "" : "eth0", fromNode ? "eth0" : "", "", "", false, 0);
    List<End> ends = new ArrayList<>();
    for (FilterOutcome o : f.run(first)) {
      List<Hook> next = host.isLocal(o.packet().dst())
          ? (fromNode ? List.of(Hook.POSTROUTING, Hook.INPUT) : List.of(Hook.INPUT))
          : (fromNode ? List.of(Hook.POSTROUTING) : List.of(Hook.FORWARD, Hook.POSTROUTING));
      follow(f, first, o, next, new ArrayList<>(o.steps()), ends);
    }
    return ends;
  }

  private static void follow(PacketFilter f, FilterInput prev, FilterOutcome o, List<Hook> rest, List<Step> steps,
      List<End> ends) {
    if (o.fate() != Fate.ACCEPT || rest.isEmpty()) {
      boolean masq = steps.stream().anyMatch(s -> s instanceof Step.NatTransformation n
          && n.kind().equals("MASQUERADE"));
      ends.add(new End(o.fate(), o.packet(), o.dnatted(), masq, steps, o.probability(), o));
      return;
    }
    Hook h = rest.get(0);
    String in = h == Hook.INPUT && prev.inIface().isEmpty() ? "lo" : prev.inIface();
    FilterInput next = new FilterInput(h, o.packet(), CtState.NEW, in, h == Hook.INPUT ? "" : "eth0", "", "",
        o.dnatted(), o.ctmark());
    for (FilterOutcome n : f.run(next)) {
      List<Step> s = new ArrayList<>(steps);
      s.addAll(n.steps());
      FilterOutcome scaled = new FilterOutcome(o.probability() * n.probability(), n.choices(), n.packet(),
          n.dnatted(), n.ctmark(), n.steps(), n.fate(), n.disposition(), n.reason(), n.evidence());
      follow(f, next, scaled, rest.subList(1, rest.size()), s, ends);
    }
  }
}
