/**
 * Offline analysis of one packet capture: a bounded bidirectional flow table, TCP handshake outcomes and Wireshark's
 * {@code tcp.analysis.*} sequence analysis, DNS transaction pairing (with the Kubernetes-specific search-list and
 * conntrack-race readings), ICMP and ARP signals. {@link dev.packetwalk.capture.CaptureAnalyzer} is the visitor that
 * runs over {@link dev.packetwalk.parse.pcap.CaptureReader}'s bulk pass; the result is an immutable
 * {@link dev.packetwalk.capture.CaptureSummary}.
 *
 * <p>Every {@link dev.packetwalk.capture.Problem} names the 1-based packet numbers that show it, so a user can open
 * the capture in Wireshark at exactly those frames.
 */
package dev.packetwalk.capture;
