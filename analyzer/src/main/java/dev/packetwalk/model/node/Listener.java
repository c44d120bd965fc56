package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;

/**
 * A listening socket inside a pod's network namespace ({@code ss -ltnup}, or {@code /proc/net/tcp|udp}).
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param address the bound address: {@code 0.0.0.0}, {@code ::} and {@code *} take every address
 * @param process the owning process as ss prints it ({@code python3}), or "" when not shown
 * @param device the interface the socket is bound to ({@code 127.0.0.53%lo:53}, SO_BINDTODEVICE), or "" for any
 */
public record Listener(String protocol, String address, int port, String process, SourceRef ref, String device) {
  public Listener {
    process = process == null ? "" : process;
    device = device == null ? "" : device;
  }

  public Listener(String protocol, String address, int port, String process, SourceRef ref) {
    this(protocol, address, port, process, ref, "");
  }

  /** Whether a packet to {@code dst:port} over {@code proto} reaches this socket. */
  public boolean accepts(String proto, String dst, int dstPort) {
    if (!protocol.equalsIgnoreCase(proto) || port != dstPort) return false;
    return address.equals("0.0.0.0") || address.equals("::") || address.equals("*") || address.equals(dst);
  }

  /** As {@link #accepts(String, String, int)}, for a packet that came in on {@code inDevice} ({@code eth0}). */
  public boolean accepts(String proto, String dst, int dstPort, String inDevice) {
    return (device.isEmpty() || device.equals(inDevice)) && accepts(proto, dst, dstPort);
  }
}
