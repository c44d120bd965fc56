package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.PacketView;
import java.util.ArrayList;
import java.util.List;

/** TCP flag names as the report prints them. */
public final class TcpFlags {
  private TcpFlags() {}

  /** Wireshark-style names ({@code SYN, ACK}; "" for none). */
  public static String names(int f) {
    List<String> names = new ArrayList<>();
    if ((f & PacketView.SYN) != 0) names.add("SYN");
    if ((f & PacketView.RST) != 0) names.add("RST");
    if ((f & PacketView.FIN) != 0) names.add("FIN");
    if ((f & PacketView.PSH) != 0) names.add("PSH");
    if ((f & PacketView.ACK) != 0) names.add("ACK");
    return String.join(", ", names);
  }
}
