package dev.packetwalk.check.cni;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Optional;

/** CIDR parsing and overlap through the ipaddress library; invalid text is absent, never an exception. */
final class Cidrs {
  private Cidrs() {}

  /** The prefix block of a CIDR, or the single address of a plain IP (as a full-length block). */
  static Optional<IPAddress> block(String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    IPAddress a = new IPAddressString(text.trim()).getAddress();
    if (a == null) return Optional.empty();
    return Optional.of(a.isPrefixed() ? a.toPrefixBlock() : a.toPrefixBlock(a.getBitCount()));
  }

  /** Two prefix blocks overlap iff one contains the other. */
  static boolean overlap(IPAddress a, IPAddress b) {
    return a.getIPVersion() == b.getIPVersion() && (a.contains(b) || b.contains(a));
  }

  /** The smallest prefix block covering all IPv4 addresses given, if there are any. */
  static Optional<IPAddress> cover(List<IPAddress> addresses) {
    List<IPAddress> v4 = addresses.stream().filter(IPAddress::isIPv4).toList();
    if (v4.isEmpty()) return Optional.empty();
    IPAddress c = v4.get(0).withoutPrefixLength();
    for (IPAddress a : v4) c = c.coverWithPrefixBlock(a.withoutPrefixLength());
    return Optional.of(c);
  }
}
