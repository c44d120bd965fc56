package dev.packetwalk.parse.pcap;

import dev.packetwalk.parse.ParseWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * State shared by the format readers while one file is read: the batch being filled, counters, and the warnings.
 * Readers {@link #reserve(int)} room for a frame, read it into {@link #arena()} there, then {@link #deliver} it: it is
 * decoded into the batch's next view. Full batches go to the visiting thread through the {@link BatchPipe}.
 */
final class ReadSession {
  /** Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD: anything larger is a corrupt length field. */
  static final int MAX_CAPLEN = 256 * 1024;
  private static final int MAX_WARNINGS = 100;

  final String file;
  private final FrameDecoder decoder = new FrameDecoder();
  private final BatchPipe pipe;
  private PacketBatch batch;
  final List<ParseWarning> warnings = new ArrayList<>();
  private int suppressedWarnings;
  final TreeSet<Integer> linkTypes = new TreeSet<>();
  final TreeMap<Integer, Long> unknownLinkTypePackets = new TreeMap<>();
  long packets;
  /** Wireshark numbers pcapng records that are not packets (custom blocks) as frames too; we keep its numbering. */
  long frames;
  long wireBytes;
  long capturedBytes;
  long firstNanos = Long.MAX_VALUE;
  long lastNanos = Long.MIN_VALUE;
  long fragments;
  long truncatedHeaders;
  long decodeFailures;
  private int lastLinkType = Integer.MIN_VALUE;
  private boolean lastLinkTypeSupported;

  ReadSession(String file, BatchPipe pipe) {
    this.file = file;
    this.pipe = pipe;
  }

  /** Makes room for a frame of {@code length} bytes (at most {@link #MAX_CAPLEN}); returns its offset in the arena. */
  int reserve(int length) {
    if (batch == null) {
      batch = pipe.fresh();
    } else if (!batch.fits(length)) {
      pipe.publish(batch);
      batch = pipe.fresh();
    }
    return batch.used;
  }

  /** Where the frame reserved last is to be read; valid until the next {@link #reserve(int)}. */
  byte[] arena() {
    return batch.arena;
  }

  /** Hands over the last, partly filled batch. */
  void flush() {
    if (batch != null) {
      pipe.publish(batch);
      batch = null;
    }
  }

  /** Number the next packet will get. */
  long nextNumber() {
    return frames + 1;
  }

  /** A record Wireshark shows as a frame but that holds no packet, or a packet block we had to skip. */
  void skipFrameNumber() {
    frames++;
  }

  /** Decodes the frame just read at the reserved offset into the batch's next view. */
  void deliver(long timestampNanos, int capturedLength, int originalLength, int linkType, int interfaceId) {
    PacketBatch b = batch;
    PacketView v = b.views[b.count];
    v.reset();
    v.frameOffset = b.used;
    packets++;
    v.number = ++frames;
    v.timestampNanos = timestampNanos;
    v.capturedLength = capturedLength;
    v.originalLength = originalLength;
    v.linkType = linkType;
    v.interfaceId = interfaceId;
    wireBytes += originalLength;
    capturedBytes += capturedLength;
    if (timestampNanos < firstNanos) {
      firstNanos = timestampNanos;
    }
    if (timestampNanos > lastNanos) {
      lastNanos = timestampNanos;
    }
    if (linkType != lastLinkType) {
      // one set lookup per change of link type, not per packet (a pcapng file may interleave interfaces)
      lastLinkType = linkType;
      lastLinkTypeSupported = LinkType.isSupported(linkType);
      if (linkTypes.add(linkType) && !lastLinkTypeSupported) {
        warn((int) v.number, ParseWarning.Kind.UNSUPPORTED,
            "link type " + linkType + " is not decoded; its packets are counted but not analysed");
      }
    }
    if (!lastLinkTypeSupported) {
      unknownLinkTypePackets.merge(linkType, 1L, Long::sum);
    } else {
      try {
        decoder.decode(v);
      } catch (RuntimeException e) {
        // the decoder bounds-checks every read; this is a last line of defence, not a code path
        decodeFailures++;
        v.reset();
        v.number = frames;
        if (decodeFailures == 1) {
          warn((int) v.number, ParseWarning.Kind.MALFORMED, "could not decode packet headers: " + e);
        }
      }
    }
    if (v.fragment) {
      fragments++;
    }
    if (v.truncatedHeaders) {
      truncatedHeaders++;
    }
    b.count++;
    b.used += capturedLength;
  }

  void warn(long packet, ParseWarning.Kind kind, String message) {
    if (warnings.size() >= MAX_WARNINGS) {
      suppressedWarnings++;
      return;
    }
    warnings.add(ParseWarning.of(file, (int) Math.min(Integer.MAX_VALUE, packet), kind, message));
  }

  List<ParseWarning> finishWarnings() {
    if (suppressedWarnings > 0) {
      warnings.add(ParseWarning.of(file, 0, ParseWarning.Kind.MALFORMED,
          suppressedWarnings + " further warnings suppressed"));
    }
    return List.copyOf(warnings);
  }
}
