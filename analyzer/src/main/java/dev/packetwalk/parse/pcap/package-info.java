/**
 * Reading packet captures without libpcap: classic pcap (µs and ns, either byte order), pcapng (several sections and
 * interfaces) and gzip'd copies of both, all streamed from an {@link java.io.InputStream}.
 *
 * <p>The bulk pass never allocates per packet. {@link dev.packetwalk.parse.pcap.CaptureReader} reads each record into
 * one reusable buffer, {@code FrameDecoder} decodes link, tunnel, network and transport headers by hand into the
 * flyweight {@link dev.packetwalk.parse.pcap.PacketView}, and a {@link dev.packetwalk.parse.pcap.PacketVisitor} sees
 * the view for the duration of one call. Only packets chosen for deep decoding (DNS, see
 * {@link dev.packetwalk.parse.pcap.DnsDecoder}) are copied. pcap4j is deliberately not used here: through JNA it is
 * 15× slower, needs native libpcap and cannot read SLL2 (docs: shared/reference/performance.md §3).
 *
 * <p>Damaged input never throws: the reader keeps what it read and reports
 * {@link dev.packetwalk.parse.ParseWarning}s whose {@code line} is the 1-based packet number.
 */
package dev.packetwalk.parse.pcap;
