package dev.packetwalk.parse.pcap;

/**
 * LINKTYPE_ values the decoder understands (tcpdump.org/linktypes.html). Kept as int constants, not an enum, because
 * a capture may carry any 16-bit value and unknown ones must survive into the summary.
 */
public final class LinkType {
  public static final int NULL = 0;
  public static final int ETHERNET = 1;
  /** DLT_RAW on some BSDs. */
  public static final int RAW_12 = 12;
  /** DLT_RAW on OpenBSD. */
  public static final int RAW_14 = 14;
  public static final int RAW = 101;
  public static final int LOOP = 108;
  public static final int LINUX_SLL = 113;
  public static final int IPV4 = 228;
  public static final int IPV6 = 229;
  public static final int NFLOG = 239;
  /** Linux cooked v2: what {@code tcpdump -i any} writes with libpcap ≥ 1.10. */
  public static final int LINUX_SLL2 = 276;

  private LinkType() {}

  /** Whether {@code FrameDecoder} can find the network layer behind this link type. */
  public static boolean isSupported(int linkType) {
    return switch (linkType) {
      case NULL, ETHERNET, RAW_12, RAW_14, RAW, LOOP, LINUX_SLL, IPV4, IPV6, NFLOG, LINUX_SLL2 -> true;
      default -> false;
    };
  }

  /** Wireshark-like short name, e.g. "ether", "linux-sll2"; "linktype-N" for the rest. */
  public static String name(int linkType) {
    return switch (linkType) {
      case NULL -> "null";
      case ETHERNET -> "ether";
      case RAW_12, RAW_14, RAW -> "rawip";
      case LOOP -> "loop";
      case LINUX_SLL -> "linux-sll";
      case IPV4 -> "rawip4";
      case IPV6 -> "rawip6";
      case NFLOG -> "nflog";
      case LINUX_SLL2 -> "linux-sll2";
      default -> "linktype-" + linkType;
    };
  }
}
