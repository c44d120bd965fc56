package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;

/**
 * DNAT, SNAT, MASQUERADE and REDIRECT: the new tuple, a step with before and after, and the end of the nat table. A
 * range ({@code 10.0.0.1-10.0.0.3}, {@code 8080-8090}) is taken at its first value, and the step says so.
 */
final class IptablesNat {
  private IptablesNat() {}

  static boolean apply(IptablesState s, NfRule r) {
    Packet before = s.packet;
    String note = "";
    Packet after;
    switch (r.target()) {
      case "DNAT", "SNAT" -> {
        String opt = r.target().equals("DNAT") ? "to-destination" : "to-source";
        String to = r.targetOption(opt);
        String[] ap = to == null ? null : split(to);
        if (ap == null) {
          IptablesTargets.unknown(s, r, r.target() + " without a readable --" + opt + " in " + IptablesWalk.where(r));
          return true;
        }
        if (r.targetOptions().getOrDefault(opt, java.util.List.of()).size() > 1) note = "first of several --" + opt;
        String addr = first(ap[0]);
        if (!addr.equals(ap[0])) note = join(note, "address range " + ap[0] + ", first taken");
        int port = -1;
        if (ap[1] != null) {
          port = firstPort(ap[1]);
          if (port < 0) {
            IptablesTargets.unknown(s, r, "unreadable port in --" + opt + " " + to + " in " + IptablesWalk.where(r));
            return true;
          }
          if (ap[1].indexOf('-') >= 0) note = join(note, "port range " + ap[1] + ", first taken");
        }
        if (r.target().equals("DNAT")) {
          after = before.withDst(addr.isEmpty() ? before.dst() : addr, port < 0 ? before.dport() : port);
          s.dnatted = true;
        } else {
          after = before.withSrc(addr.isEmpty() ? before.src() : addr, port < 0 ? before.sport() : port);
          s.snatted = true;
        }
      }
      case "MASQUERADE" -> {
        String out = s.in.outIface();
        String addr = out.isEmpty() ? null : s.host.primaryAddress(out, before.family());
        if (addr == null) {
          IptablesTargets.unknown(s, r, out.isEmpty() ? "MASQUERADE needs the output interface: " + IptablesWalk.where(r)
              : "MASQUERADE: no address of " + out + " in the evidence: " + IptablesWalk.where(r));
          return true;
        }
        int port = toPorts(r);
        if (port == -2) {
          IptablesTargets.unknown(s, r, "unreadable --to-ports in " + IptablesWalk.where(r));
          return true;
        }
        after = before.withSrc(addr, port < 0 ? before.sport() : port);
        s.snatted = true;
        if (r.targetOptions().containsKey("random-fully")) note = "--random-fully: source port chosen at random";
        else if (r.targetOptions().containsKey("random")) note = "--random: source port chosen at random";
      }
      case "REDIRECT" -> {
        // to the in-interface's primary address; locally generated packets go to loopback
        String addr = s.in.inIface().isEmpty() ? (before.family() == 6 ? "::1" : "127.0.0.1")
            : s.host.primaryAddress(s.in.inIface(), before.family());
        int port = toPorts(r);
        if (addr == null || port == -2) {
          IptablesTargets.unknown(s, r, addr == null ? "REDIRECT: no address of " + s.in.inIface()
              + " in the evidence: " + IptablesWalk.where(r) : "unreadable --to-ports in " + IptablesWalk.where(r));
          return true;
        }
        after = before.withDst(addr, port < 0 ? before.dport() : port);
        s.dnatted = true;
      }
      default -> throw new IllegalArgumentException(r.target());
    }
    IptablesTargets.step(s, r, r.target(), note);
    s.steps.add(new Step.NatTransformation(r.target(), before.tuple(), after.tuple(), r.ref()));
    s.packet = after;
    s.finish(Fate.ACCEPT, null, "", r.ref());
    return true;
  }

  /** {@code ip[:port]}, {@code [v6]:port}, {@code v6}, {@code :port} → [address, port or null]; null if empty. */
  private static String[] split(String to) {
    if (to.isEmpty()) return null;
    if (to.startsWith("[")) {
      int close = to.indexOf(']');
      if (close < 0) return null;
      String rest = to.substring(close + 1);
      return new String[] {to.substring(1, close), rest.startsWith(":") ? rest.substring(1) : null};
    }
    int first = to.indexOf(':');
    if (first >= 0 && first == to.lastIndexOf(':')) return new String[] {to.substring(0, first), to.substring(first + 1)};
    return new String[] {to, null};
  }

  private static String first(String range) {
    int dash = range.indexOf('-');
    return dash < 0 ? range : range.substring(0, dash);
  }

  private static int firstPort(String ports) {
    try {
      int p = Integer.parseInt(first(ports));
      return p >= 0 && p <= 65535 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code --to-ports p[-q]}: the first port, -1 when absent, -2 when unreadable. */
  private static int toPorts(NfRule r) {
    String p = r.targetOption("to-ports");
    if (p == null) return -1;
    int v = firstPort(p);
    return v < 0 ? -2 : v;
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "; " + b;
  }
}
