package dev.packetwalk.parse.pcap;

import dev.packetwalk.parse.ParseWarning;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What reading one capture produced, besides the packets handed to the visitor.
 *
 * @param file name the warnings refer to
 * @param format sniffed format
 * @param gzipped whether the stream was gzip-compressed
 * @param linkTypes link types seen, ascending
 * @param packets packets read (equal to capinfos' count for a readable file)
 * @param wireBytes sum of original lengths
 * @param capturedBytes sum of captured lengths
 * @param firstNanos earliest timestamp, nanoseconds since the epoch (0 when there were no packets)
 * @param lastNanos latest timestamp
 * @param unknownLinkTypePackets packets per link type the decoder does not understand
 * @param fragments IPv4/IPv6 fragments (not reassembled)
 * @param truncatedHeaders packets whose headers were cut by the snap length or lied about their lengths
 * @param warnings problems with the file itself; {@code line} is the packet number
 */
public record CaptureReadResult(String file, CaptureFormat format, boolean gzipped, List<Integer> linkTypes,
    long packets, long wireBytes, long capturedBytes, long firstNanos, long lastNanos,
    Map<Integer, Long> unknownLinkTypePackets, long fragments, long truncatedHeaders, List<ParseWarning> warnings) {

  public CaptureReadResult {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    linkTypes = List.copyOf(linkTypes);
    unknownLinkTypePackets = Map.copyOf(unknownLinkTypePackets);
    warnings = List.copyOf(warnings);
  }

  /** The file was read to its end without any warning. */
  public boolean clean() {
    return warnings.isEmpty();
  }
}
