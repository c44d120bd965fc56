package dev.packetwalk.capture;

import dev.packetwalk.parse.pcap.IpAddr;

/** An address and the traffic of all flows it took part in (sent and received). */
public record Talker(IpAddr address, long packets, long bytes) {}
