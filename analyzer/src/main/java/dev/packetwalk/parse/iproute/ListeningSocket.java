package dev.packetwalk.parse.iproute;

/**
 * One listening socket as {@code ss -l} or {@code /proc/net/{tcp,udp}[6]} shows it.
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param state {@code LISTEN} (tcp) or {@code UNCONN} (a bound, unconnected udp socket)
 * @param address the bound address without brackets or scope: {@code 0.0.0.0}, {@code ::}, {@code 10.9.0.2},
 *     {@code fd00::2}; {@code *} where ss prints a dual-stack wildcard
 * @param port the bound port
 * @param device the interface named by a {@code %iface} suffix (SO_BINDTODEVICE), or ""
 * @param process the owning process names from {@code users:((...))}, comma-joined and deduplicated, or ""
 * @param line 1-based line in the file
 * @param raw the line as printed
 */
public record ListeningSocket(String protocol, String state, String address, int port, String device,
    String process, int line, String raw) {
  public ListeningSocket {
    device = device == null ? "" : device;
    process = process == null ? "" : process;
  }
}
