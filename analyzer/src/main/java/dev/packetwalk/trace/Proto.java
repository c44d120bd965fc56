package dev.packetwalk.trace;

import java.util.Locale;
import java.util.Optional;

/** The transport protocols a flow can carry. */
public enum Proto {
  TCP,
  UDP,
  SCTP,
  ICMP;

  /** {@code tcp}, {@code TCP}, {@code 6} → TCP; empty for anything else. */
  public static Optional<Proto> parse(String text) {
    if (text == null) return Optional.empty();
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "tcp", "6" -> Optional.of(TCP);
      case "udp", "17" -> Optional.of(UDP);
      case "sctp", "132" -> Optional.of(SCTP);
      case "icmp", "1", "icmpv6", "ipv6-icmp", "58" -> Optional.of(ICMP);
      default -> Optional.empty();
    };
  }

  /** As iptables and ss write it. */
  public String lower() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean hasPorts() {
    return this != ICMP;
  }
}
