package dev.packetwalk.parse.pcap;

/** The outermost tunnel a packet was carried in; the view's main fields always describe the innermost packet. */
public enum Encapsulation {
  NONE,
  /** UDP 4789 (IANA) or 8472 (Linux/flannel default). */
  VXLAN,
  /** UDP 6081. */
  GENEVE,
  /** IPv4 or IPv6 in IPv4 (IP protocol 4 / 41), e.g. Calico IPIP mode. */
  IP_IN_IP,
  /** IP protocol 47, including transparent Ethernet bridging (0x6558). */
  GRE
}
