package dev.packetwalk.parse.iproute;

import java.util.Map;

/**
 * The {@code -s} counters of one interface. Keys follow the {@code ip -j -s link} names ({@code bytes}, {@code packets},
 * {@code errors}, {@code dropped}, {@code over_errors}, {@code multicast}, {@code missed}, {@code carrier_errors},
 * {@code collisions}); the text headers {@code overrun}, {@code mcast}, {@code carrier}, {@code collsns} are renamed to
 * them. {@code -s -s} extra lines land under {@code rx_errors}/{@code tx_errors} keys such as {@code crc}.
 *
 * @param rx receive counters (64-bit)
 * @param tx transmit counters (64-bit)
 */
public record LinkStats(Map<String, Long> rx, Map<String, Long> tx) {

  public LinkStats {
    rx = Map.copyOf(rx);
    tx = Map.copyOf(tx);
  }

  public long rxBytes() {
    return rx.getOrDefault("bytes", 0L);
  }

  public long rxPackets() {
    return rx.getOrDefault("packets", 0L);
  }

  public long rxErrors() {
    return rx.getOrDefault("errors", 0L);
  }

  public long rxDropped() {
    return rx.getOrDefault("dropped", 0L);
  }

  public long txBytes() {
    return tx.getOrDefault("bytes", 0L);
  }

  public long txPackets() {
    return tx.getOrDefault("packets", 0L);
  }

  public long txErrors() {
    return tx.getOrDefault("errors", 0L);
  }

  public long txDropped() {
    return tx.getOrDefault("dropped", 0L);
  }

  /** Text header word to the JSON key. */
  static String jsonName(String textName) {
    return switch (textName) {
      case "overrun" -> "over_errors";
      case "mcast" -> "multicast";
      case "carrier" -> "carrier_errors";
      case "collsns" -> "collisions";
      default -> textName;
    };
  }
}
