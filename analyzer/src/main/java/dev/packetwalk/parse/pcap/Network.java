package dev.packetwalk.parse.pcap;

/** Network layer of the innermost packet. */
public enum Network {
  /** Not found: unsupported link type, unknown ethertype, or cut off by the snap length. */
  NONE,
  IPV4,
  IPV6,
  ARP
}
