package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Step;
import java.util.Set;

/**
 * Applies a rule's extension target (everything but jumps, gotos and RETURN) to a branch. Verdicts and NAT end the
 * table; marks change the packet and the walk goes on; logging and header tweaks change nothing the walk follows.
 * NAT targets are terminal for the nat table, as in the kernel; the translated packet goes on to the next table.
 */
final class IptablesTargets {
  private IptablesTargets() {}

  /** Targets that neither decide nor change what the walk follows. */
  private static final Set<String> PASS = Set.of("LOG", "NFLOG", "ULOG", "TRACE", "AUDIT", "COUNTER", "TCPMSS",
      "CHECKSUM", "DSCP", "TOS", "TTL", "HL", "ECN", "CLASSIFY", "SECMARK", "CONNSECMARK", "IDLETIMER", "LED",
      "RATEEST", "SET", "TEE", "TCPOPTSTRIP");

  private static final Set<String> APPLIED = Set.of("ACCEPT", "DROP", "REJECT", "DNAT", "SNAT", "MASQUERADE",
      "REDIRECT", "MARK", "CONNMARK", "CT", "NOTRACK");

  /** Whether {@code name} is a target this class applies. */
  static boolean known(String name) {
    return PASS.contains(name) || APPLIED.contains(name);
  }

  /** Applies the target; true when it ended the table (the branch's fate is then set). */
  static boolean apply(IptablesState s, NfRule r, Hook hook) {
    String t = r.target();
    if (PASS.contains(t)) return false;
    switch (t) {
      case "ACCEPT" -> {
        step(s, r, "ACCEPT", "");
        s.finish(Fate.ACCEPT, null, "", r.ref());
        return true;
      }
      case "DROP", "REJECT" -> {
        String with = r.targetOption("reject-with");
        step(s, r, t + (with == null ? "" : " --reject-with " + with), "");
        Disposition d = IptablesDispositions.classify(hook, r, s.chainPath());
        s.finish(t.equals("DROP") ? Fate.DROP : Fate.REJECT, d, r.describe(), r.ref());
        return true;
      }
      case "MARK" -> {
        return mark(s, r, false);
      }
      case "CONNMARK" -> {
        return mark(s, r, true);
      }
      case "CT", "NOTRACK" -> {
        if (t.equals("NOTRACK") || r.targetOptions().containsKey("notrack")) {
          s.untracked = true;
          step(s, r, "CT --notrack", "conntrack skips this packet (and nat with it)");
        }
        return false;
      }
      case "DNAT", "SNAT", "MASQUERADE", "REDIRECT" -> {
        return IptablesNat.apply(s, r);
      }
      default -> {
        unknown(s, r, "cannot apply target " + t + " in " + IptablesWalk.where(r));
        return true;
      }
    }
  }

  static void unknown(IptablesState s, NfRule r, String why) {
    s.finish(Fate.UNKNOWN, Disposition.INSUFFICIENT_INFO, why, r.ref());
  }

  static void step(IptablesState s, NfRule r, String action, String detail) {
    String d = detail.isEmpty() ? r.comment() : r.comment().isEmpty() ? detail : detail + "; " + r.comment();
    s.steps.add(new Step.ChainEvaluation(r.table(), r.chain(), r.index(), action, d, r.ref()));
  }

  /** MARK and CONNMARK: the kernel's set-xmark arithmetic, {@code mark = (mark & ~mask) ^ value}. */
  private static boolean mark(IptablesState s, NfRule r, boolean conn) {
    long before = conn ? s.ctmark : s.packet.mark();
    Long after = null;
    String how = null;
    for (String opt : new String[] {"set-xmark", "set-mark", "or-mark", "and-mark", "xor-mark"}) {
      long[] vm = valueMask(r.targetOption(opt));
      if (vm == null) continue;
      how = opt;
      long v = vm[0];
      long m = vm[1];
      after = switch (opt) {
        case "set-xmark" -> (before & ~m) ^ v;
        case "set-mark" -> (before & ~m) | v;
        case "or-mark" -> before | v;
        case "and-mark" -> before & v;
        default -> before ^ v;
      } & 0xffffffffL;
      break;
    }
    if (after == null && conn && (r.targetOptions().containsKey("save-mark")
        || r.targetOptions().containsKey("restore-mark"))) {
      long nf = mask(r.targetOption("nfmask"));
      long ct = mask(r.targetOption("ctmask"));
      if (nf < 0 || ct < 0) {
        unknown(s, r, "cannot read CONNMARK masks in " + IptablesWalk.where(r));
        return true;
      }
      if (r.targetOptions().containsKey("save-mark")) {
        after = ((s.ctmark & ~ct) ^ (s.packet.mark() & nf)) & 0xffffffffL;
        how = "save-mark";
      } else {
        long mark = ((s.packet.mark() & ~nf) ^ (s.ctmark & ct)) & 0xffffffffL;
        step(s, r, "CONNMARK --restore-mark", hex(s.packet.mark()) + " → " + hex(mark));
        s.packet = s.packet.withMark(mark);
        return false;
      }
    }
    if (after == null) {
      unknown(s, r, "cannot apply " + r.target() + " " + r.targetOptions().keySet() + " in " + IptablesWalk.where(r));
      return true;
    }
    step(s, r, r.target() + " --" + how, (conn ? "connmark " : "mark ") + hex(before) + " → " + hex(after));
    if (conn) s.ctmark = after;
    else s.packet = s.packet.withMark(after);
    return false;
  }

  private static long mask(String text) {
    if (text == null) return 0xffffffffL;
    long[] vm = valueMask(text);
    return vm == null ? -1 : vm[0];
  }

  /** {@code 0x4000/0x4000}, {@code 0x4000}, {@code 16384}: [value, mask] with the mask all-ones when absent. */
  static long[] valueMask(String text) {
    if (text == null) return null;
    int slash = text.indexOf('/');
    try {
      long v = number(slash < 0 ? text : text.substring(0, slash));
      long m = slash < 0 ? 0xffffffffL : number(text.substring(slash + 1));
      return new long[] {v, m};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long number(String s) {
    String t = s.strip();
    return t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
