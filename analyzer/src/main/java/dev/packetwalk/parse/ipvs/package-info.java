/**
 * Faithful records of the IPVS tables as {@code ipvsadm -Ln}, {@code ipvsadm -Ln --stats}, {@code ipvsadm -Sn},
 * {@code /proc/net/ip_vs} and {@code /proc/net/ip_vs_stats} show them: virtual services (protocol, address, port or
 * firewall mark, scheduler, persistence) with their real servers (forwarding method, weight, connections).
 */
package dev.packetwalk.parse.ipvs;
