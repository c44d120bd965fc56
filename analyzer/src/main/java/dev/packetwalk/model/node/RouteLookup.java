package dev.packetwalk.model.node;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The kernel's route selection over one node's tables: policy rules by priority (their selectors {@code from},
 * {@code to}, {@code iif}, and the actions {@code lookup}, {@code goto}, {@code nop} and the reject actions), then the
 * longest-prefix match in the table a rule names (lowest metric on a tie), where {@code throw} and
 * {@code suppress_prefixlength} send the search on to the next rule.
 *
 * <p>What a snapshot cannot say is treated as "does not match", and the step list says so: a packet's firewall mark
 * (rules with {@code fwmark}), its output interface ({@code oif}), and its source when none is given. Without any
 * {@code ip rule} evidence the kernel's three default rules apply (0 local, 32766 main, 32767 default).
 */
public final class RouteLookup {
  private static final int LOCAL = 255;
  private static final int MAIN = 254;
  private static final int DEFAULT = 253;

  private final List<Route> routes;
  private final List<IPAddress> blocks;
  private final List<PolicyRule> rules;

  public RouteLookup(List<Route> routes, List<PolicyRule> rules) {
    this.routes = List.copyOf(routes);
    this.blocks = this.routes.stream().map(r -> block(r.prefix())).toList();
    this.rules = rules.stream().sorted(Comparator.comparingInt(PolicyRule::priority)).toList();
  }

  public RouteResult lookup(String dst) {
    return lookup(dst, null, null);
  }

  /**
   * Routes {@code dst}.
   *
   * @param src the packet's source, or null when the node picks it (locally originated)
   * @param iif the interface the packet came in on, or null when locally originated (matches {@code iif lo})
   */
  public RouteResult lookup(String dst, String src, String iif) {
    IPAddress d = address(dst);
    List<String> steps = new ArrayList<>();
    if (d == null) {
      steps.add("not an IP address: " + dst);
      return new RouteResult(RouteResult.Disposition.NO_ROUTE, null, null, List.of(), steps);
    }
    int family = d.isIPv4() ? 4 : 6;
    List<PolicyRule> chain = rules.stream().filter(r -> r.family() == family).toList();
    if (chain.isEmpty()) chain = defaults(family);
    IPAddress s = src == null ? null : address(src);
    int gotoTarget = -1;
    for (PolicyRule rule : chain) {
      if (rule.priority() < gotoTarget) continue;
      gotoTarget = -1;
      String skip = mismatch(rule, d, s, iif);
      if (skip != null) {
        if (!skip.isEmpty()) steps.add("rule " + rule.priority() + " skipped: " + skip);
        continue;
      }
      switch (rule.action()) {
        case "goto" -> {
          steps.add("rule " + rule.priority() + ": goto " + rule.gotoPriority());
          gotoTarget = rule.gotoPriority();
        }
        case "nop" -> steps.add("rule " + rule.priority() + ": nop");
        case "blackhole", "unreachable", "prohibit" -> {
          steps.add("rule " + rule.priority() + ": " + rule.action());
          return new RouteResult(reject(rule.action()), null, rule, List.of(), steps);
        }
        default -> {
          Route r = longestMatch(rule.tableId(), family, d);
          if (r == null) {
            steps.add("rule " + rule.priority() + ": table " + rule.table() + " has no route to " + dst);
            continue;
          }
          if (r.type().equals("throw")) {
            steps.add("rule " + rule.priority() + ": table " + rule.table() + " throws at " + r.prefix());
            continue;
          }
          if (rule.suppressPrefixLength() >= 0 && prefixLength(r) <= rule.suppressPrefixLength()) {
            steps.add("rule " + rule.priority() + ": " + r.prefix() + " suppressed (prefix length <= "
                + rule.suppressPrefixLength() + ")");
            continue;
          }
          steps.add("rule " + rule.priority() + ": table " + rule.table() + " route " + r.prefix());
          return new RouteResult(disposition(r), r, rule, r.rejects() ? List.of() : r.legs(), steps);
        }
      }
    }
    return new RouteResult(RouteResult.Disposition.NO_ROUTE, null, null, List.of(), steps);
  }

  /** The most specific route of {@code tableId} holding {@code d}, lowest metric first on a tie; or null. */
  private Route longestMatch(int tableId, int family, IPAddress d) {
    Route best = null;
    int bestLen = -1;
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      IPAddress b = blocks.get(i);
      if (r.tableId() != tableId || r.family() != family || b == null || !b.contains(d)) continue;
      int len = b.getNetworkPrefixLength() == null ? b.getBitCount() : b.getNetworkPrefixLength();
      if (len > bestLen || (len == bestLen && r.metric() < best.metric())) {
        best = r;
        bestLen = len;
      }
    }
    return best;
  }

  /** Why a rule does not apply; "" to skip silently (a family mismatch), null when it matches. */
  private static String mismatch(PolicyRule rule, IPAddress d, IPAddress s, String iif) {
    String why = null;
    if (!rule.fwmark().isEmpty()) return "needs fwmark " + rule.fwmark() + ", which a route lookup cannot know";
    if (!rule.oif().isEmpty()) return "needs oif " + rule.oif() + ", which a route lookup cannot know";
    boolean match = true;
    if (!rule.from().equals("all")) {
      IPAddress f = block(rule.from());
      if (s == null) {
        match = false;
        why = "from " + rule.from() + " but no source given";
      } else {
        match = f != null && f.contains(s);
      }
    }
    if (match && !rule.to().isEmpty() && !rule.to().equals("all")) {
      IPAddress t = block(rule.to());
      match = t != null && t.contains(d);
    }
    if (match && !rule.iif().isEmpty()) {
      match = iif == null ? rule.iif().equals("lo") : rule.iif().equals(iif);
    }
    if (rule.not()) match = !match;
    return match ? null : why == null ? "" : why;
  }

  private static RouteResult.Disposition disposition(Route r) {
    return switch (r.type()) {
      case "local", "broadcast", "anycast" -> RouteResult.Disposition.LOCAL;
      case "blackhole" -> RouteResult.Disposition.BLACKHOLE;
      case "unreachable" -> RouteResult.Disposition.UNREACHABLE;
      case "prohibit" -> RouteResult.Disposition.PROHIBIT;
      default -> RouteResult.Disposition.FORWARD;
    };
  }

  private static RouteResult.Disposition reject(String action) {
    return switch (action) {
      case "blackhole" -> RouteResult.Disposition.BLACKHOLE;
      case "unreachable" -> RouteResult.Disposition.UNREACHABLE;
      default -> RouteResult.Disposition.PROHIBIT;
    };
  }

  private static List<PolicyRule> defaults(int family) {
    return List.of(
        new PolicyRule(family, 0, false, "all", "", "", "", "", "lookup", LOCAL, "local", -1, -1, null),
        new PolicyRule(family, 32766, false, "all", "", "", "", "", "lookup", MAIN, "main", -1, -1, null),
        new PolicyRule(family, 32767, false, "all", "", "", "", "", "lookup", DEFAULT, "default", -1, -1, null));
  }

  private static int prefixLength(Route r) {
    IPAddress b = block(r.prefix());
    return b == null || b.getNetworkPrefixLength() == null ? 0 : b.getNetworkPrefixLength();
  }

  /** A prefix as a block, a bare address as a full-length block; null for text that is neither. */
  static IPAddress block(String text) {
    IPAddress a = address(text);
    if (a == null) return null;
    return a.isPrefixed() ? a.toPrefixBlock() : a.toPrefixBlock(a.getBitCount());
  }

  private static IPAddress address(String text) {
    if (text == null || text.isBlank()) return null;
    return new IPAddressString(text.strip()).getAddress();
  }
}
