package dev.packetwalk.parse.pcap;

/** Receives every packet of a capture in file order. The view is reused: copy what you keep. */
@FunctionalInterface
public interface PacketVisitor {
  void onPacket(PacketView packet);
}
