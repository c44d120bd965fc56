package dev.packetwalk.bench;

import dev.packetwalk.build.node.NetfilterFixtures;
import dev.packetwalk.model.node.Netfilter;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.netfilter.CtState;
import dev.packetwalk.trace.netfilter.FilterInput;
import dev.packetwalk.trace.netfilter.FilterOutcome;
import dev.packetwalk.trace.netfilter.Fate;
import dev.packetwalk.trace.netfilter.Hook;
import dev.packetwalk.trace.netfilter.HostView;
import dev.packetwalk.trace.netfilter.IptablesFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Micro-measurement (not a test) of the iptables engine on a generated kube-proxy dump: nat PREROUTING lookups of
 * every Service port's ClusterIP from a pod, per second, after a warm-up.
 *
 * <pre>
 * java -cp analyzer/target/test-classes:analyzer/target/classes:$(deps) dev.packetwalk.bench.IptablesFilterBench 10000
 * </pre>
 */
public final class IptablesFilterBench {
  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10000;
    StringBuilder sb = new StringBuilder(40 << 20);
    new KubeProxyIptablesGenerator().generate(services, 1, sb);
    long t0 = System.nanoTime();
    Netfilter nf = NetfilterFixtures.fromText("bench.save", sb.toString());
    long t1 = System.nanoTime();
    IptablesFilter f = new IptablesFilter(nf, new HostView(Set.of("192.168.0.2"),
        Map.of("eth0", List.of("192.168.0.2")), List.of(), true));
    List<Packet> flows = new ArrayList<>();
    for (NfRule r : nf.chain("nat", "KUBE-SERVICES").orElseThrow().rules()) {
      String dst = r.destination();
      String port = r.option("tcp", "dport") != null ? r.option("tcp", "dport") : r.option("udp", "dport");
      String proto = r.option("protocol", "protocol");
      if (dst == null || port == null || proto == null || !r.target().startsWith("KUBE-SVC-")) continue;
      flows.add(new Packet(Proto.parse(proto).orElseThrow(), "10.244.7.9", 40000, dst.replace("/32", ""),
          Integer.parseInt(port), 0, 100, false));
    }
    long first = System.nanoTime();
    f.run(in(flows.get(0)));
    long firstDone = System.nanoTime();
    int outcomes = 0;
    int unknown = 0;
    for (int round = 0; round < 3; round++) {
      for (Packet p : flows) f.run(in(p));
    }
    long start = System.nanoTime();
    int rounds = 10;
    for (int round = 0; round < rounds; round++) {
      for (Packet p : flows) {
        List<FilterOutcome> l = f.run(in(p));
        outcomes += l.size();
        for (FilterOutcome o : l) if (o.fate() == Fate.UNKNOWN) unknown++;
      }
    }
    long end = System.nanoTime();
    double secs = (end - start) / 1e9;
    long lookups = (long) rounds * flows.size();
    System.out.printf("services=%d rules=%d parse+convert=%.0f ms first lookup (compile+index KUBE-SERVICES)=%.1f ms%n",
        services, nf.rules().size(), (t1 - t0) / 1e6, (firstDone - first) / 1e6);
    System.out.printf("%d lookups in %.2f s: %.0f lookups/s (%.1f us each), %.2f outcomes per lookup, %d unknown%n",
        lookups, secs, lookups / secs, secs * 1e6 / lookups, outcomes / (double) lookups, unknown);
  }

  private static FilterInput in(Packet p) {
    return new FilterInput(Hook.PREROUTING, p, CtState.NEW, "cni0", "", "", "", false, 0);
  }
}
