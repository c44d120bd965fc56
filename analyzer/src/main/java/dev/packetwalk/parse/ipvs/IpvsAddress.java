package dev.packetwalk.parse.ipvs;

/** Address:port forms shared by the IPVS parsers: {@code 10.0.0.1:443}, {@code [fd00::1]:80}, {@code 0A000001:01BB}. */
record IpvsAddress(String address, int port) {

  /** Parses dotted or bracketed form; hex form (from /proc) when {@code hex}. Returns null if malformed. */
  static IpvsAddress parse(String s, boolean hex) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String addr = s.substring(0, colon);
    String port = s.substring(colon + 1);
    try {
      int p = hex ? Integer.parseInt(port, 16) : Integer.parseInt(port);
      if (addr.startsWith("[") && addr.endsWith("]")) {
        addr = addr.substring(1, addr.length() - 1);
        return new IpvsAddress(hex ? hexV6(addr) : addr, p);
      }
      return new IpvsAddress(hex ? hexV4(addr) : addr, p);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code 0A600001} → {@code 10.96.0.1}; /proc/net/ip_vs prints the address in network order as hex. */
  private static String hexV4(String h) {
    if (h.length() != 8) {
      throw new NumberFormatException(h);
    }
    long v = Long.parseLong(h, 16);
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }

  /** /proc prints IPv6 as eight 4-digit groups; drop leading zeros per group (no :: compression). */
  private static String hexV6(String h) {
    StringBuilder b = new StringBuilder();
    for (String g : h.split(":")) {
      if (b.length() > 0) {
        b.append(':');
      }
      b.append(Integer.toHexString(Integer.parseInt(g, 16)));
    }
    return b.toString();
  }
}
