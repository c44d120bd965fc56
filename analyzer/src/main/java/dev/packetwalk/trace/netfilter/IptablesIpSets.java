package dev.packetwalk.trace.netfilter;

import static dev.packetwalk.trace.netfilter.IptablesMatches.cannot;

import dev.packetwalk.model.node.IpSet;
import dev.packetwalk.model.node.NfMatch;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.netfilter.IptablesCond.Tri;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code -m set --match-set NAME src,dst}: membership of the packet's addresses and ports in one of the node's
 * ipsets ({@link HostView#ipsets()}). Each flag picks the packet's source or destination for one dimension of the
 * set type. A set missing from the evidence, or listed incompletely without the element, is UNKNOWN; so are set types
 * not handled here.
 */
final class IptablesIpSets {
  private IptablesIpSets() {}

  private static final int MAX_NESTING = 4;

  static IptablesCond compile(NfMatch m, String where) {
    String bad = IptablesMatches.unknownOption(m, Set.of("match-set", "return-nomatch", "update-counters",
        "update-subcounters"));
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    List<String> v = m.options().get("match-set");
    if (v == null || v.size() != 2) return IptablesCond.unknown(cannot(m, "match-set", where));
    String name = v.get(0);
    String[] flags = v.get(1).split(",");
    boolean neg = m.negated("match-set");
    return new IptablesCond() {
      public Tri test(IptablesState s) {
        return member(s.host, name, flags, s.packet, 0).negate(neg);
      }

      public String why(IptablesState s) {
        IpSet set = find(s.host, name);
        if (set == null) return "ipset " + name + " is not in the evidence: " + where;
        if (!set.complete()) return "ipset " + name + " was listed incompletely: " + where;
        return "ipset " + name + " of type " + set.type() + " cannot be evaluated: " + where;
      }
    };
  }

  private static IpSet find(HostView host, String name) {
    for (IpSet s : host.ipsets()) {
      if (s.name().equals(name)) return s;
    }
    return null;
  }

  static Tri member(HostView host, String name, String[] flags, Packet p, int depth) {
    IpSet set = find(host, name);
    if (set == null || depth > MAX_NESTING) return Tri.UNKNOWN;
    String type = set.type().toLowerCase(Locale.ROOT);
    Tri found = Tri.NO;
    for (String member : set.members()) {
      Tri t = type.equals("list:set") ? member(host, first(member), flags, p, depth + 1)
          : entry(type, member, flags, p);
      if (t == Tri.YES) return member.contains(" nomatch") ? Tri.UNKNOWN : Tri.YES;
      if (t == Tri.UNKNOWN) found = Tri.UNKNOWN;
    }
    return found == Tri.NO && !set.complete() ? Tri.UNKNOWN : found;
  }

  private static String first(String member) {
    int sp = member.indexOf(' ');
    return sp < 0 ? member : member.substring(0, sp);
  }

  /** One element against the packet: its parts, one per dimension of the type, each checked against one flag. */
  private static Tri entry(String type, String member, String[] flags, Packet p) {
    String[] dims = type.substring(type.indexOf(':') + 1).split(",");
    String[] parts = first(member).split(",");
    if (!type.startsWith("hash:") && !type.equals("bitmap:port") && !type.startsWith("bitmap:ip")) {
      return Tri.UNKNOWN;
    }
    if (parts.length != dims.length) return Tri.UNKNOWN;
    for (int i = 0; i < dims.length; i++) {
      boolean src = i < flags.length ? flags[i].equals("src") : flags[flags.length - 1].equals("src");
      Tri t = switch (dims[i]) {
        case "ip", "net" -> address(parts[i], src ? p.src() : p.dst());
        case "port" -> type.startsWith("bitmap:") ? bitmapPort(parts[i], p, src ? p.sport() : p.dport())
            : port(parts[i], p, src ? p.sport() : p.dport());
        default -> Tri.UNKNOWN;
      };
      if (t != Tri.YES) return t;
    }
    return Tri.YES;
  }

  private static Tri address(String element, String packetAddress) {
    IptablesAddress e = IptablesAddress.parse(element);
    if (e == null) {
      int dash = element.indexOf('-');
      if (dash < 0) return Tri.UNKNOWN;
      IptablesAddress lo = IptablesAddress.parse(element.substring(0, dash));
      IptablesAddress hi = IptablesAddress.parse(element.substring(dash + 1));
      IptablesAddress a = IptablesAddress.parse(packetAddress);
      if (lo == null || hi == null || a == null) return Tri.UNKNOWN;
      return Tri.of(a.family() == lo.family() && Long.compareUnsigned(a.lo(), lo.lo()) >= 0
          && Long.compareUnsigned(a.lo(), hi.lo()) <= 0 && a.hi() == lo.hi());
    }
    return Tri.of(e.contains(IptablesAddress.parse(packetAddress)));
  }

  /** A bitmap:port element is a bare port (or range) for any protocol with ports. */
  private static Tri bitmapPort(String element, Packet p, int port) {
    return p.proto().hasPorts() ? port(p.proto().lower() + ":" + element, p, port) : Tri.NO;
  }

  /** {@code tcp:80}, {@code udp:53}, {@code 80} (tcp), {@code 80-90}. */
  private static Tri port(String element, Packet p, int port) {
    int colon = element.indexOf(':');
    String proto = colon < 0 ? "tcp" : element.substring(0, colon);
    String ports = colon < 0 ? element : element.substring(colon + 1);
    Proto want = Proto.parse(proto).orElse(null);
    if (want == null || !want.hasPorts()) return Tri.of(false);
    if (want != p.proto()) return Tri.NO;
    int dash = ports.indexOf('-');
    try {
      int lo = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
      int hi = dash < 0 ? lo : Integer.parseInt(ports.substring(dash + 1));
      return Tri.of(port >= lo && port <= hi);
    } catch (NumberFormatException e) {
      return Tri.UNKNOWN;
    }
  }
}
