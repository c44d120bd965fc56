package dev.packetwalk.trace.netfilter;

import static dev.packetwalk.trace.netfilter.IptablesMatches.cannot;
import static dev.packetwalk.trace.netfilter.IptablesMatches.simple;
import static dev.packetwalk.trace.netfilter.IptablesMatches.unknownOption;

import dev.packetwalk.model.node.NfMatch;
import dev.packetwalk.trace.netfilter.IptablesCond.Tri;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Matches on what the packet carries beyond its header, or on the node: conntrack state, marks, address types,
 * bridge ports, ipsets; and the ones that fork the walk ({@code statistic}, {@code recent}). Everything else
 * ({@code socket}, {@code owner}, {@code cgroup}, {@code ipvs}, {@code rpfilter}, {@code bpf}, {@code string},
 * {@code u32}, ...) is UNKNOWN.
 */
final class IptablesStateMatches {
  private IptablesStateMatches() {}

  static IptablesCond compile(NfMatch m, String where, List<IptablesCond.Fork> forks) {
    return switch (m.module()) {
      case "conntrack" -> conntrack(m, where);
      case "state" -> ctstates(m, "state", where);
      case "mark" -> mark(m, where, false);
      case "connmark" -> mark(m, where, true);
      case "addrtype" -> IptablesAddrType.compile(m, where);
      case "physdev" -> physdev(m, where);
      case "set" -> IptablesIpSets.compile(m, where);
      case "statistic" -> statistic(m, where, forks);
      case "recent" -> recent(m, where, forks);
      default -> IptablesCond.unknown(cannot(m, null, where));
    };
  }

  private static final Set<String> CONNTRACK = Set.of("ctstate", "ctproto", "ctorigsrc", "ctorigdst",
      "ctorigsrcport", "ctorigdstport", "ctdir");

  private static IptablesCond conntrack(NfMatch m, String where) {
    String bad = unknownOption(m, CONNTRACK);
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    IptablesCond states = m.options().containsKey("ctstate") ? ctstates(m, "ctstate", where) : null;
    String proto = m.option("ctproto");
    IptablesAddress origSrc = IptablesAddress.parse(m.option("ctorigsrc"));
    IptablesAddress origDst = IptablesAddress.parse(m.option("ctorigdst"));
    int[] origSport = IptablesMatches.range(m.option("ctorigsrcport"));
    int[] origDport = IptablesMatches.range(m.option("ctorigdstport"));
    String dir = m.option("ctdir");
    if ((m.option("ctorigsrc") != null && origSrc == null) || (m.option("ctorigdst") != null && origDst == null)
        || origSport == null || origDport == null) {
      return IptablesCond.unknown(cannot(m, "ctorig*", where));
    }
    String unknownOrig = "the original tuple is known only for a new connection not yet translated: " + where;
    return new IptablesCond() {
      public Tri test(IptablesState s) {
        if (states != null) {
          Tri t = states.test(s);
          if (t != Tri.YES) return t;
        }
        if (proto != null) {
          Tri t = Tri.of(dev.packetwalk.trace.Proto.parse(proto).orElse(null) == s.packet.proto())
              .negate(m.negated("ctproto"));
          if (t == Tri.NO) return t;
        }
        if (dir != null) {
          boolean reply = dir.equalsIgnoreCase("REPLY");
          if (s.packet.reply() != reply) return Tri.NO;
        }
        if (origSrc == null && origDst == null && origSport.length == 0 && origDport.length == 0) return Tri.YES;
        // the original direction's tuple is the input packet's, as long as nothing translated it yet
        if (s.in.ct() != CtState.NEW || s.in.dnatted() || s.in.packet().reply()) return Tri.UNKNOWN;
        var p = s.in.packet();
        if (origSrc != null && Tri.of(origSrc.contains(IptablesAddress.parse(p.src())))
            .negate(m.negated("ctorigsrc")) == Tri.NO) {
          return Tri.NO;
        }
        if (origDst != null && Tri.of(origDst.contains(IptablesAddress.parse(p.dst())))
            .negate(m.negated("ctorigdst")) == Tri.NO) {
          return Tri.NO;
        }
        if (origSport.length == 2 && Tri.of(IptablesMatches.in(origSport, p.sport()))
            .negate(m.negated("ctorigsrcport")) == Tri.NO) {
          return Tri.NO;
        }
        if (origDport.length == 2 && Tri.of(IptablesMatches.in(origDport, p.dport()))
            .negate(m.negated("ctorigdstport")) == Tri.NO) {
          return Tri.NO;
        }
        return Tri.YES;
      }

      public String why(IptablesState s) {
        return states != null && states.test(s) == Tri.UNKNOWN ? states.why(s) : unknownOrig;
      }
    };
  }

  /** {@code --ctstate}/{@code --state}: matches when the packet is in any listed state. */
  private static IptablesCond ctstates(NfMatch m, String opt, String where) {
    String list = m.option(opt);
    if (list == null) return IptablesCond.unknown(cannot(m, opt, where));
    String[] want = list.toUpperCase(Locale.ROOT).split(",");
    for (String w : want) {
      if (!Set.of("NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED", "SNAT", "DNAT").contains(w)) {
        return IptablesCond.unknown(cannot(m, opt + " " + w, where));
      }
    }
    boolean neg = m.negated(opt);
    return simple(s -> {
      Tri any = Tri.NO;
      for (String w : want) {
        Tri t = has(s, w);
        if (t == Tri.YES) return Tri.YES.negate(neg);
        if (t == Tri.UNKNOWN) any = Tri.UNKNOWN;
      }
      return any.negate(neg);
    }, "whether conntrack holds a SNAT for an established connection is not in the evidence: " + where);
  }

  private static Tri has(IptablesState s, String state) {
    return switch (state) {
      case "UNTRACKED" -> Tri.of(s.untracked);
      case "DNAT" -> Tri.of(s.dnatted);
      // a new connection is SNATed only by this hook's nat; an older one's SNAT is not in the evidence
      case "SNAT" -> s.snatted ? Tri.YES : s.in.ct() == CtState.NEW ? Tri.NO : Tri.UNKNOWN;
      default -> Tri.of(!s.untracked && s.in.ct().name().equals(state));
    };
  }

  /** {@code --mark value[/mask]} on the packet's mark, or (connmark) the connection's. */
  private static IptablesCond mark(NfMatch m, String where, boolean conn) {
    long[] vm = IptablesTargets.valueMask(m.option("mark"));
    if (vm == null || unknownOption(m, Set.of("mark")) != null) {
      return IptablesCond.unknown(cannot(m, "mark", where));
    }
    boolean neg = m.negated("mark");
    return simple(s -> Tri.of(((conn ? s.ctmark : s.packet.mark()) & vm[1]) == vm[0]).negate(neg), "");
  }

  private static IptablesCond physdev(NfMatch m, String where) {
    String bad = unknownOption(m, Set.of("physdev-in", "physdev-out", "physdev-is-bridged", "physdev-is-in",
        "physdev-is-out"));
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    String in = m.option("physdev-in");
    String out = m.option("physdev-out");
    return simple(s -> {
      FilterInput f = s.in;
      if (in != null && Tri.of(!f.physIn().isEmpty() && IptablesMatches.ifaceMatches(in, f.physIn()))
          .negate(m.negated("physdev-in")) == Tri.NO) {
        return Tri.NO;
      }
      if (out != null && Tri.of(!f.physOut().isEmpty() && IptablesMatches.ifaceMatches(out, f.physOut()))
          .negate(m.negated("physdev-out")) == Tri.NO) {
        return Tri.NO;
      }
      if (m.options().containsKey("physdev-is-bridged")
          && Tri.of(f.bridged()).negate(m.negated("physdev-is-bridged")) == Tri.NO) {
        return Tri.NO;
      }
      if (m.options().containsKey("physdev-is-in")
          && Tri.of(!f.physIn().isEmpty()).negate(m.negated("physdev-is-in")) == Tri.NO) {
        return Tri.NO;
      }
      if (m.options().containsKey("physdev-is-out")
          && Tri.of(!f.physOut().isEmpty()).negate(m.negated("physdev-is-out")) == Tri.NO) {
        return Tri.NO;
      }
      return Tri.YES;
    }, "");
  }

  /** {@code --mode random --probability p} forks with p; {@code --mode nth} forks with an unknown chance. */
  private static IptablesCond statistic(NfMatch m, String where, List<IptablesCond.Fork> forks) {
    String bad = unknownOption(m, Set.of("mode", "probability", "every", "packet"));
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    String mode = m.option("mode");
    if ("random".equals(mode)) {
      try {
        double p = Double.parseDouble(m.option("probability"));
        if (!(p >= 0 && p <= 1)) return IptablesCond.unknown(cannot(m, "probability", where));
        forks.add(new IptablesCond.Fork(m.negated("probability") ? 1 - p : p, "statistic random"));
        return null;
      } catch (RuntimeException e) {
        return IptablesCond.unknown(cannot(m, "probability", where));
      }
    }
    if ("nth".equals(mode)) {
      forks.add(new IptablesCond.Fork(Double.NaN, "statistic nth"));
      return null;
    }
    return IptablesCond.unknown(cannot(m, "mode", where));
  }

  /**
   * {@code --set} records the source and always matches; {@code --rcheck}, {@code --update} and {@code --remove}
   * depend on earlier packets the evidence does not show, so they fork with an unknown chance.
   */
  private static IptablesCond recent(NfMatch m, String where, List<IptablesCond.Fork> forks) {
    String bad = unknownOption(m, Set.of("name", "set", "rcheck", "update", "remove", "seconds", "reap",
        "hitcount", "rttl", "rsource", "rdest", "mask"));
    if (bad != null) return IptablesCond.unknown(cannot(m, bad, where));
    if (m.options().containsKey("rcheck") || m.options().containsKey("update") || m.options().containsKey("remove")) {
      String name = m.option("name") == null ? "DEFAULT" : m.option("name");
      forks.add(new IptablesCond.Fork(Double.NaN, "recent " + name));
      return null;
    }
    if (m.options().containsKey("set")) return null;
    return IptablesCond.unknown(cannot(m, null, where));
  }
}
