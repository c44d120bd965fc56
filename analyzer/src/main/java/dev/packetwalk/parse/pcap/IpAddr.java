package dev.packetwalk.parse.pcap;

/**
 * An IPv4 or IPv6 address as two longs, so that the bulk pass can hash and compare addresses without allocating.
 * IPv4 is stored IPv4-mapped ({@code ::ffff:a.b.c.d}); a real IPv6 packet carrying a mapped address is therefore
 * indistinguishable from IPv4, which no capture we target does.
 */
public record IpAddr(long hi, long lo) implements Comparable<IpAddr> {

  static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

  public static IpAddr ofV4(int address) {
    return new IpAddr(0, v4Lo(address));
  }

  /** Parses dotted IPv4 or (possibly compressed) IPv6 text; for tests and configuration, not for packets. */
  public static IpAddr parse(String text) {
    try {
      byte[] b = java.net.InetAddress.getByName(text).getAddress(); // literal only: no lookup for numeric text
      if (b.length == 4) {
        return ofV4(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
      }
      return new IpAddr(Bytes.u64(b, 0, false), Bytes.u64(b, 8, false));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + text, e);
    }
  }

  static long v4Lo(int address) {
    return V4_MAPPED_PREFIX | (address & 0xFFFF_FFFFL);
  }

  // written out rather than left to the record: the generated ones bootstrap through method handles, which spins
  // classes and makes the JIT compile the class spinner on every short run (see analyzer/bench/README.md)
  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddr a && a.hi == hi && a.lo == lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi) * 31 + Long.hashCode(lo);
  }

  public boolean isV4() {
    return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_PREFIX;
  }

  @Override
  public int compareTo(IpAddr o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  /** Dotted quad for IPv4, RFC 5952 compressed form for IPv6. */
  @Override
  public String toString() {
    if (isV4()) {
      int a = (int) lo;
      return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
      g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952: never compress a single zero group
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
