package dev.packetwalk.capture.path;

/**
 * One packet as evidence, as capture problems cite packets: the capture file, its 1-based packet number, the point
 * it was taken at, and a short reading ({@code SYN}, {@code tcp 10.0.0.11:34230 → 10.244.2.21:8080}).
 */
public record PacketRef(String capture, String role, long number, String summary) {
  public String text() {
    return role + " #" + number;
  }
}
