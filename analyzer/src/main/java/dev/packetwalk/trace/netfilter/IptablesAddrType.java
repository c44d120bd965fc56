package dev.packetwalk.trace.netfilter;

import static dev.packetwalk.trace.netfilter.IptablesMatches.cannot;

import dev.packetwalk.model.node.NfMatch;
import dev.packetwalk.trace.netfilter.IptablesCond.Tri;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code -m addrtype}: the kernel looks the address up in the local routing table only. Found as a local route: LOCAL
 * (with {@code --limit-iface-in/out}, only when the route's device is that interface); 255.255.255.255 and 0.0.0.0/8:
 * BROADCAST; 224.0.0.0/4, ff00::/8: MULTICAST; not found: UNICAST. The node's local routes come from
 * {@link HostView}; without them LOCAL (and so UNICAST) is UNKNOWN. Subnet broadcast routes are not in HostView: such
 * an address would be taken as UNICAST. The rarer types (BLACKHOLE, PROHIBIT, ...) are UNKNOWN unless the address
 * is plainly LOCAL, MULTICAST or BROADCAST.
 */
final class IptablesAddrType {
  private IptablesAddrType() {}

  private static final Set<String> TYPES = Set.of("UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
      "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE");

  static IptablesCond compile(NfMatch m, String where) {
    String bad = IptablesMatches.unknownOption(m, Set.of("src-type", "dst-type", "limit-iface-in",
        "limit-iface-out"));
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    List<String> src = types(m.option("src-type"));
    List<String> dst = types(m.option("dst-type"));
    if (src == null || dst == null) return IptablesCond.unknown(cannot(m, "src-type/dst-type", where));
    boolean ifIn = m.options().containsKey("limit-iface-in");
    boolean ifOut = m.options().containsKey("limit-iface-out");
    boolean sneg = m.negated("src-type");
    boolean dneg = m.negated("dst-type");
    return new IptablesCond() {
      public Tri test(IptablesState s) {
        String iface = ifIn ? s.in.inIface() : ifOut ? s.in.outIface() : null;
        Tri a = src.isEmpty() ? Tri.YES : any(s, s.packet.src(), s.src(), src, iface).negate(sneg);
        if (a == Tri.NO) return a;
        Tri b = dst.isEmpty() ? Tri.YES : any(s, s.packet.dst(), s.dst(), dst, iface).negate(dneg);
        if (b == Tri.NO) return b;
        return a == Tri.UNKNOWN || b == Tri.UNKNOWN ? Tri.UNKNOWN : Tri.YES;
      }

      public String why(IptablesState s) {
        return (s.host.complete() ? "the address type is not decidable from the evidence"
            : "the node's local addresses are not in the evidence") + ": " + where;
      }
    };
  }

  private static List<String> types(String text) {
    if (text == null) return List.of();
    List<String> l = List.of(text.toUpperCase(Locale.ROOT).split(","));
    return TYPES.containsAll(l) ? l : null;
  }

  private static Tri any(IptablesState s, String text, IptablesAddress a, List<String> types, String iface) {
    Tri r = Tri.NO;
    for (String t : types) {
      Tri x = is(s, text, a, t, iface);
      if (x == Tri.YES) return x;
      if (x == Tri.UNKNOWN) r = x;
    }
    return r;
  }

  private static Tri is(IptablesState s, String text, IptablesAddress a, String type, String iface) {
    if (a == null) return Tri.UNKNOWN;
    boolean special = a.isMulticast() || a.isLimitedBroadcast() || (a.family() == 4 && (a.lo() >>> 24) == 0);
    Tri local = special ? Tri.NO : local(s.host, text, a, iface);
    return switch (type) {
      case "LOCAL" -> local;
      case "MULTICAST" -> Tri.of(a.isMulticast());
      case "BROADCAST" -> Tri.of(a.isLimitedBroadcast() || (a.family() == 4 && (a.lo() >>> 24) == 0));
      case "UNICAST" -> special ? Tri.NO : local == Tri.UNKNOWN ? Tri.UNKNOWN : Tri.of(local == Tri.NO);
      default -> special || local == Tri.YES ? Tri.NO : Tri.UNKNOWN;
    };
  }

  private static Tri local(HostView host, String text, IptablesAddress a, String iface) {
    boolean loopback = a.family() == 4 ? (a.lo() >>> 24) == 127 : a.hi() == 0 && a.lo() == 1;
    if (iface != null) {
      if (loopback) return Tri.of(iface.equals("lo"));
      List<String> on = host.interfaceAddresses().get(iface);
      if (on != null && on.contains(text)) return Tri.YES;
      return host.complete() ? Tri.NO : Tri.UNKNOWN;
    }
    if (loopback || host.isLocal(text)) return Tri.YES;
    return host.complete() ? Tri.NO : Tri.UNKNOWN;
  }
}
