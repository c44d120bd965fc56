package dev.packetwalk.trace.netfilter;

import java.util.List;

/**
 * The netfilter hooks a packet passes, and which iptables tables register at each, in the kernel's priority order
 * (raw -300, mangle -150, nat DNAT -100, filter 0, security 50, nat SNAT 100).
 */
public enum Hook {
  PREROUTING(List.of("raw", "mangle", "nat")),
  INPUT(List.of("mangle", "filter", "security", "nat")),
  FORWARD(List.of("mangle", "filter", "security")),
  OUTPUT(List.of("raw", "mangle", "nat", "filter", "security")),
  POSTROUTING(List.of("mangle", "nat"));

  private final List<String> tables;

  Hook(List<String> tables) {
    this.tables = tables;
  }

  /** The iptables tables with a built-in chain of this name, in evaluation order. */
  public List<String> tables() {
    return tables;
  }

  /** The built-in chain name of this hook. */
  public String chain() {
    return name();
  }
}
