package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.NfMatch;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.netfilter.IptablesCond.Tri;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compiles one match of a rule ({@code -s}, {@code -p}, {@code -m tcp --dport}, ...) into a test. Modules about the
 * packet's addresses, ports and interfaces are here; conntrack, marks, addrtype, physdev, ipset and the forking
 * modules are in {@link IptablesStateMatches}. A module or option not listed becomes an UNKNOWN test, never a silent
 * yes or no.
 *
 * <p>Assumptions, each documented where it applies: an ICMP flow is an echo request (an echo reply in the reply
 * direction), since the packet carries no ICMP type; {@code limit} and {@code hashlimit} match (the traced packet is
 * taken to be under the rate); the first packet of a TCP connection carries only SYN.
 */
final class IptablesMatches {
  private IptablesMatches() {}

  /** Options that never change the outcome: counting, naming, and the options that only tune a module. */
  private static final Set<String> ALWAYS = Set.of("comment", "nfacct", "limit", "hashlimit");

  /** Adds the tests of {@code m} to {@code conds}, or its fork to {@code forks}. */
  static void compile(NfMatch m, String where, List<IptablesCond> conds, List<IptablesCond.Fork> forks) {
    if (ALWAYS.contains(m.module())) return;
    IptablesCond c = switch (m.module()) {
      case "source" -> address(m, "source", true);
      case "destination" -> address(m, "destination", false);
      case "protocol" -> protocol(m);
      case "in-interface" -> iface(m, "in-interface", s -> s.in.inIface());
      case "out-interface" -> iface(m, "out-interface", s -> s.in.outIface());
      case "fragment" -> simple(s -> Tri.NO.negate(m.negated("fragment")), "");
      case "tcp", "udp", "sctp" -> ports(m, where);
      case "multiport" -> multiport(m, where);
      case "icmp", "icmp6", "icmpv6" -> icmp(m, where);
      case "iprange" -> iprange(m, where);
      case "length" -> length(m, where);
      case "pkttype" -> pkttype(m, where);
      default -> IptablesStateMatches.compile(m, where, forks);
    };
    if (c != null) conds.add(c);
  }

  /** A test with a fixed UNKNOWN reason. */
  static IptablesCond simple(java.util.function.Function<IptablesState, Tri> f, String why) {
    return new IptablesCond() {
      public Tri test(IptablesState s) {
        return f.apply(s);
      }

      public String why(IptablesState s) {
        return why;
      }
    };
  }

  /** The reason given for an option this engine does not evaluate. */
  static String cannot(NfMatch m, String option, String where) {
    return "cannot evaluate -m " + m.module() + (option == null ? "" : " --" + option) + " in " + where;
  }

  /** The first option of {@code m} not in {@code known}, or null. */
  static String unknownOption(NfMatch m, Set<String> known) {
    for (String o : m.options().keySet()) {
      if (!known.contains(o)) return o;
    }
    return null;
  }

  private static IptablesCond address(NfMatch m, String opt, boolean source) {
    String text = m.option(opt);
    IptablesAddress a = IptablesAddress.parse(text);
    if (a == null) return IptablesCond.unknown("-" + opt.charAt(0) + " " + text + " is not an address");
    boolean neg = m.negated(opt);
    return simple(s -> {
      IptablesAddress p = source ? s.src() : s.dst();
      return p == null ? Tri.UNKNOWN : Tri.of(a.contains(p)).negate(neg);
    }, "the packet's " + opt + " is not an address");
  }

  private static IptablesCond protocol(NfMatch m) {
    String p = m.option("protocol");
    boolean neg = m.negated("protocol");
    if (p == null) return IptablesCond.unknown("-p without a protocol");
    String l = p.toLowerCase(Locale.ROOT);
    if (l.equals("all") || l.equals("0")) return simple(s -> Tri.YES.negate(neg), "");
    Proto want = Proto.parse(l).orElse(null);
    // a protocol we do not model (gre, esp, 4, ...) is not the traced packet's
    return simple(s -> Tri.of(s.packet.proto() == want).negate(neg), "");
  }

  private static IptablesCond iface(NfMatch m, String opt, java.util.function.Function<IptablesState, String> of) {
    String pattern = m.option(opt);
    boolean neg = m.negated(opt);
    if (pattern == null) return IptablesCond.unknown("--" + opt + " without a name");
    return simple(s -> Tri.of(ifaceMatches(pattern, of.apply(s))).negate(neg), "");
  }

  /** iptables interface names: a trailing {@code +} matches any name with that prefix. */
  static boolean ifaceMatches(String pattern, String iface) {
    return pattern.endsWith("+") ? iface.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(iface);
  }

  private static final Set<String> PORT_OPTIONS = Set.of("dport", "destination-port", "sport", "source-port", "syn",
      "tcp-flags");

  private static IptablesCond ports(NfMatch m, String where) {
    String bad = unknownOption(m, PORT_OPTIONS);
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    Proto proto = Proto.parse(m.module()).orElseThrow();
    int[] d = range(first(m, "dport", "destination-port"));
    int[] sp = range(first(m, "sport", "source-port"));
    if (d == null || sp == null) return IptablesCond.unknown(cannot(m, "dport/sport (not a port)", where));
    boolean dneg = m.negated("dport") || m.negated("destination-port");
    boolean sneg = m.negated("sport") || m.negated("source-port");
    IptablesCond flags = m.options().containsKey("syn") || m.options().containsKey("tcp-flags")
        ? tcpFlags(m, where) : null;
    return new IptablesCond() {
      public Tri test(IptablesState s) {
        if (s.packet.proto() != proto) return Tri.NO;
        if (d.length == 2 && Tri.of(in(d, s.packet.dport())).negate(dneg) == Tri.NO) return Tri.NO;
        if (sp.length == 2 && Tri.of(in(sp, s.packet.sport())).negate(sneg) == Tri.NO) return Tri.NO;
        return flags == null ? Tri.YES : flags.test(s);
      }

      public String why(IptablesState s) {
        return flags == null ? "" : flags.why(s);
      }
    };
  }

  /** {@code --syn} and {@code --tcp-flags MASK COMP}: decidable for a connection's first packet (SYN only). */
  private static IptablesCond tcpFlags(NfMatch m, String where) {
    int mask;
    int comp;
    boolean neg;
    if (m.options().containsKey("syn")) {
      mask = flags("SYN,RST,ACK,FIN");
      comp = flags("SYN");
      neg = m.negated("syn");
    } else {
      List<String> v = m.options().get("tcp-flags");
      if (v.size() != 2) return IptablesCond.unknown(cannot(m, "tcp-flags", where));
      mask = flags(v.get(0));
      comp = flags(v.get(1));
      neg = m.negated("tcp-flags");
    }
    if (mask < 0 || comp < 0) return IptablesCond.unknown(cannot(m, "tcp-flags", where));
    int syn = flags("SYN");
    return simple(s -> s.in.ct() == CtState.NEW && !s.packet.reply() ? Tri.of((syn & mask) == comp).negate(neg)
        : Tri.UNKNOWN, "TCP flags are known only for a connection's first packet: " + where);
  }

  private static int flags(String list) {
    int f = 0;
    for (String x : list.split(",")) {
      switch (x.toUpperCase(Locale.ROOT)) {
        case "FIN" -> f |= 1;
        case "SYN" -> f |= 2;
        case "RST" -> f |= 4;
        case "PSH" -> f |= 8;
        case "ACK" -> f |= 16;
        case "URG" -> f |= 32;
        case "ALL" -> f |= 63;
        case "NONE" -> { }
        default -> {
          return -1;
        }
      }
    }
    return f;
  }

  private static IptablesCond multiport(NfMatch m, String where) {
    String bad = unknownOption(m, Set.of("dports", "destination-ports", "sports", "source-ports", "ports"));
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    String dl = first(m, "dports", "destination-ports");
    String sl = first(m, "sports", "source-ports");
    String any = m.option("ports");
    int[][] d = list(dl);
    int[][] sp = list(sl);
    int[][] both = list(any);
    if ((dl != null && d == null) || (sl != null && sp == null) || (any != null && both == null)) {
      return IptablesCond.unknown(cannot(m, "ports (not a port list)", where));
    }
    boolean dneg = m.negated("dports") || m.negated("destination-ports");
    boolean sneg = m.negated("sports") || m.negated("source-ports");
    boolean aneg = m.negated("ports");
    return simple(s -> {
      if (!s.packet.proto().hasPorts()) return Tri.NO;
      if (d != null && Tri.of(inAny(d, s.packet.dport())).negate(dneg) == Tri.NO) return Tri.NO;
      if (sp != null && Tri.of(inAny(sp, s.packet.sport())).negate(sneg) == Tri.NO) return Tri.NO;
      if (both != null && Tri.of(inAny(both, s.packet.dport()) || inAny(both, s.packet.sport())).negate(aneg)
          == Tri.NO) {
        return Tri.NO;
      }
      return Tri.YES;
    }, "");
  }

  /** See the class comment: an ICMP flow is an echo request, its reply an echo reply. */
  private static IptablesCond icmp(NfMatch m, String where) {
    String bad = unknownOption(m, Set.of("icmp-type", "icmpv6-type"));
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    String opt = m.options().containsKey("icmp-type") ? "icmp-type" : "icmpv6-type";
    String type = m.option(opt);
    boolean neg = m.negated(opt);
    if (type == null) return IptablesCond.unknown(cannot(m, opt, where));
    String t = type.toLowerCase(Locale.ROOT);
    return simple(s -> {
      if (s.packet.proto() != Proto.ICMP) return Tri.NO;
      boolean v6 = s.packet.family() == 6;
      String name = s.packet.reply() ? "echo-reply" : "echo-request";
      String num = s.packet.reply() ? (v6 ? "129" : "0") : (v6 ? "128" : "8");
      boolean match = t.equals("any") || t.equals(name) || t.equals(num) || t.equals(num + "/0")
          || (!v6 && !s.packet.reply() && t.equals("ping")) || (!v6 && s.packet.reply() && t.equals("pong"));
      return Tri.of(match).negate(neg);
    }, "");
  }

  private static IptablesCond iprange(NfMatch m, String where) {
    String bad = unknownOption(m, Set.of("src-range", "dst-range"));
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    IptablesAddress[] sr = addrRange(m.option("src-range"));
    IptablesAddress[] dr = addrRange(m.option("dst-range"));
    if ((m.option("src-range") != null && sr == null) || (m.option("dst-range") != null && dr == null)) {
      return IptablesCond.unknown(cannot(m, "range", where));
    }
    boolean sneg = m.negated("src-range");
    boolean dneg = m.negated("dst-range");
    return simple(s -> {
      if (sr != null && Tri.of(between(sr, s.src())).negate(sneg) == Tri.NO) return Tri.NO;
      if (dr != null && Tri.of(between(dr, s.dst())).negate(dneg) == Tri.NO) return Tri.NO;
      return Tri.YES;
    }, "");
  }

  private static IptablesCond length(NfMatch m, String where) {
    int[] r = range(m.option("length"));
    if (r == null || r.length < 2 || unknownOption(m, Set.of("length")) != null) {
      return IptablesCond.unknown(cannot(m, "length", where));
    }
    boolean neg = m.negated("length");
    return simple(s -> Tri.of(in(r, s.packet.length())).negate(neg), "");
  }

  private static IptablesCond pkttype(NfMatch m, String where) {
    String t = m.option("pkt-type");
    if (t == null || unknownOption(m, Set.of("pkt-type")) != null) {
      return IptablesCond.unknown(cannot(m, "pkt-type", where));
    }
    boolean neg = m.negated("pkt-type");
    String want = t.toLowerCase(Locale.ROOT);
    return simple(s -> {
      IptablesAddress d = s.dst();
      if (d == null) return Tri.UNKNOWN;
      String is = d.isMulticast() ? "multicast" : d.isLimitedBroadcast() ? "broadcast" : "unicast";
      return Tri.of(is.equals(want)).negate(neg);
    }, "the packet's destination is not an address");
  }

  private static String first(NfMatch m, String a, String b) {
    return m.option(a) != null ? m.option(a) : m.option(b);
  }

  /** {@code 80}, {@code 80:90}, {@code :90}, {@code 80:}; an empty array when absent, null when unreadable. */
  static int[] range(String text) {
    if (text == null) return new int[0];
    try {
      int c = text.indexOf(':');
      if (c < 0) {
        int p = Integer.parseInt(text.strip());
        return new int[] {p, p};
      }
      String lo = text.substring(0, c).strip();
      String hi = text.substring(c + 1).strip();
      return new int[] {lo.isEmpty() ? 0 : Integer.parseInt(lo), hi.isEmpty() ? 65535 : Integer.parseInt(hi)};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code 80,443,1000:2000}; null when absent or unreadable. */
  private static int[][] list(String text) {
    if (text == null) return null;
    String[] parts = text.split(",");
    int[][] out = new int[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      out[i] = range(parts[i]);
      if (out[i] == null || out[i].length < 2) return null;
    }
    return out;
  }

  static boolean in(int[] r, int v) {
    return v >= r[0] && v <= r[1];
  }

  private static boolean inAny(int[][] rs, int v) {
    for (int[] r : rs) {
      if (in(r, v)) return true;
    }
    return false;
  }

  private static IptablesAddress[] addrRange(String text) {
    if (text == null) return null;
    int dash = text.indexOf('-');
    IptablesAddress lo = IptablesAddress.parse(dash < 0 ? text : text.substring(0, dash));
    IptablesAddress hi = IptablesAddress.parse(dash < 0 ? text : text.substring(dash + 1));
    return lo == null || hi == null || lo.family() != hi.family() ? null : new IptablesAddress[] {lo, hi};
  }

  private static boolean between(IptablesAddress[] r, IptablesAddress a) {
    if (a == null || a.family() != r[0].family()) return false;
    return compare(a, r[0]) >= 0 && compare(a, r[1]) <= 0;
  }

  private static int compare(IptablesAddress a, IptablesAddress b) {
    int c = Long.compareUnsigned(a.hi(), b.hi());
    return c != 0 ? c : Long.compareUnsigned(a.lo(), b.lo());
  }
}
