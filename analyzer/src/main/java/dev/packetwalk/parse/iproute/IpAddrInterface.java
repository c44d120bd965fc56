package dev.packetwalk.parse.iproute;

import java.util.List;

/**
 * One interface block of {@code ip addr}: the link part (as {@link IpLinkParser} reads it) and its addresses.
 *
 * @param link the header, {@code link/} and detail lines; for {@code ip -o addr} only index and name are known
 * @param addresses addresses in printed order
 */
public record IpAddrInterface(IpLink link, List<IpAddress> addresses) {
  public IpAddrInterface {
    addresses = List.copyOf(addresses);
  }

  public String name() {
    return link.name();
  }
}
