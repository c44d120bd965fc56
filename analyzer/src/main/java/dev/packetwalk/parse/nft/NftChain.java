package dev.packetwalk.parse.nft;

import java.util.List;

/**
 * A chain; base chains carry {@code type filter hook input priority 0; policy accept;}.
 *
 * @param type {@code filter}/{@code nat}/{@code route} for base chains, else null
 * @param hook {@code prerouting}, {@code input}, ... or null
 * @param priority priority as written ({@code -100}, {@code dstnat}, {@code filter + 10}), or null
 * @param policy {@code accept}/{@code drop}, or null
 * @param device {@code device "eth0"} of netdev/ingress chains, or null
 */
public record NftChain(String name, String type, String hook, String priority, String policy, String device,
    String comment, List<NftRule> rules, int line) {

  public NftChain {
    rules = List.copyOf(rules);
  }

  public boolean isBase() {
    return hook != null;
  }

  /**
   * The priority as a number: {@code nft list} prints standard names ({@code dstnat - 10}) where JSON and older
   * versions print numbers ({@code -110}). Names follow nft(8) for the ip/ip6/inet families; null if unknown.
   */
  public Integer priorityValue() {
    if (priority == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("\\s*([a-z]+|-?\\d+)\\s*(?:([+-])\\s*(\\d+))?\\s*").matcher(priority);
    if (!m.matches()) {
      return null;
    }
    Integer base = switch (m.group(1)) {
      case "raw" -> -300;
      case "mangle" -> -150;
      case "dstnat" -> -100;
      case "filter" -> 0;
      case "security" -> 50;
      case "srcnat" -> 100;
      default -> m.group(1).matches("-?\\d+") ? Integer.valueOf(m.group(1)) : null;
    };
    if (base == null || m.group(2) == null) {
      return base;
    }
    int delta = Integer.parseInt(m.group(3));
    return m.group(2).equals("+") ? base + delta : base - delta;
  }
}
