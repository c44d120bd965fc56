package dev.packetwalk.parse.pcap;

/** File format, as sniffed from the magic number (never from the file name: a {@code .pcap} may hold pcapng). */
public enum CaptureFormat {
  /** Classic libpcap format, microsecond timestamps (magic a1b2c3d4). */
  PCAP,
  /** Classic libpcap format, nanosecond timestamps (magic a1b23c4d). */
  PCAP_NSEC,
  /** pcapng (section header block 0a0d0d0a). */
  PCAPNG,
  /** Nothing recognisable; the reader gave up with a warning. */
  UNKNOWN
}
