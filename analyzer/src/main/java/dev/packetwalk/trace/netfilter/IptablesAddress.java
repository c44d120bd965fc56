package dev.packetwalk.trace.netfilter;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * An IPv4 or IPv6 address with a mask, as two 64-bit halves, so that a rule's {@code -s 10.0.0.0/8} is compared
 * without parsing per packet. An IPv4 address sits in the low half. A host address has a full mask.
 */
record IptablesAddress(int family, long hi, long lo, long maskHi, long maskLo) {

  /**
   * {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code 10.0.0.0/255.0.0.0}, {@code fd00::1}, {@code fd00::/64}; null when
   * the text is not an address (a host name: iptables-save never prints one, a hand-written rule may).
   */
  static IptablesAddress parse(String text) {
    if (text == null || text.isEmpty()) return null;
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    String mask = slash < 0 ? null : text.substring(slash + 1);
    if (addr.indexOf(':') < 0) {
      long v = v4(addr);
      if (v < 0) return null;
      long m;
      if (mask == null) {
        m = 0xffffffffL;
      } else if (mask.indexOf('.') >= 0) {
        m = v4(mask);
        if (m < 0) return null;
      } else {
        int p = prefix(mask, 32);
        if (p < 0) return null;
        m = p == 0 ? 0 : (0xffffffffL << (32 - p)) & 0xffffffffL;
      }
      return new IptablesAddress(4, 0, v & m, 0, m);
    }
    IPAddress a = new IPAddressString(addr).getAddress();
    if (a == null || !a.isIPv6()) return null;
    int p = mask == null ? 128 : prefix(mask, 128);
    if (p < 0) return null;
    byte[] b = a.getBytes();
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (b[i] & 0xff);
      l = (l << 8) | (b[i + 8] & 0xff);
    }
    long mh = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
    long ml = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
    return new IptablesAddress(6, h & mh, l & ml, mh, ml);
  }

  /** Whether {@code a} (a host address) lies inside this prefix; false across families. */
  boolean contains(IptablesAddress a) {
    return a != null && a.family == family && (a.hi & maskHi) == hi && (a.lo & maskLo) == lo;
  }

  boolean isHost() {
    return family == 4 ? maskLo == 0xffffffffL : maskHi == -1L && maskLo == -1L;
  }

  /** 224.0.0.0/4 or ff00::/8. */
  boolean isMulticast() {
    return family == 4 ? (lo >>> 28) == 0xe : (hi >>> 56) == 0xff;
  }

  boolean isLimitedBroadcast() {
    return family == 4 && lo == 0xffffffffL;
  }

  private static long v4(String s) {
    long v = 0;
    int parts = 0;
    int cur = -1;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (cur < 0 || cur > 255 || ++parts > 4) return -1;
        v = (v << 8) | cur;
        cur = -1;
      } else if (c >= '0' && c <= '9') {
        cur = (cur < 0 ? 0 : cur * 10) + (c - '0');
        if (cur > 255) return -1;
      } else {
        return -1;
      }
    }
    return parts == 4 ? v : -1;
  }

  private static int prefix(String s, int max) {
    try {
      int p = Integer.parseInt(s);
      return p < 0 || p > max ? -1 : p;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
