package dev.packetwalk.trace.netfilter;

import dev.packetwalk.build.node.NetfilterFixtures;
import dev.packetwalk.model.node.IpSet;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds filters from dump text and packets for the iptables engine's tests. */
final class IptablesTestSupport {
  private IptablesTestSupport() {}

  static final String REALWORLD = "/dev/packetwalk/parse/iptables/realworld/";

  /** A node with 192.168.0.2 on eth0 and 10.244.0.1 on cni0. */
  static final HostView HOST = new HostView(Set.of("192.168.0.2", "10.244.0.1"),
      Map.of("eth0", List.of("192.168.0.2"), "cni0", List.of("10.244.0.1")), List.of(), true);

  static IptablesFilter filter(String dump) {
    return filter(dump, HOST);
  }

  static IptablesFilter filter(String dump, HostView host) {
    return new IptablesFilter(NetfilterFixtures.fromText("iptables-save.txt", dump), host);
  }

  static String resource(String path) {
    try (InputStream in = IptablesTestSupport.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing resource " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Packet tcp(String src, String dst, int dport) {
    return new Packet(Proto.TCP, src, 40000, dst, dport, 0, 100, false);
  }

  static Packet packet(Proto proto, String src, String dst, int dport) {
    return new Packet(proto, src, proto.hasPorts() ? 40000 : 0, dst, dport, 0, 100, false);
  }

  static FilterInput at(Hook hook, Packet p) {
    return at(hook, p, CtState.NEW, "", "");
  }

  static FilterInput at(Hook hook, Packet p, CtState ct, String in, String out) {
    return new FilterInput(hook, p, ct, in, out, "", "", false, 0);
  }

  /** A one-table dump: {@code *filter} with the given rules under {@code :INPUT ACCEPT} etc. */
  static String filterTable(String... rules) {
    return "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" + String.join("\n", rules)
        + "\nCOMMIT\n";
  }

  static IpSet ipset(String name, String type, String... members) {
    return new IpSet(name, type, List.of(members), List.of(), true, null);
  }

  static HostView withSets(IpSet... sets) {
    return new HostView(HOST.localAddresses(), HOST.interfaceAddresses(), List.of(sets), true);
  }

  static FilterOutcome only(List<FilterOutcome> outcomes) {
    if (outcomes.size() != 1) throw new AssertionError("expected one outcome, got " + outcomes);
    return outcomes.get(0);
  }
}
