package dev.packetwalk.capture;

/** TCP-specific state of one flow: the handshake as observed, and Wireshark-style per-direction sequence state. */
final class TcpState {
  private final TcpDirection dir0 = new TcpDirection(), dir1 = new TcpDirection();
  /** Most recent SYN (without ACK) time, and the first RTT measured from it to the handshake's final ACK. */
  long lastSynNanos = -1;
  long firstRttNanos = 0;

  long synPacket;
  int synDirection = -1;
  long synCount;
  /** The first SYNs (original and retransmissions), for findings. */
  final long[] synPackets = new long[6];
  long synAckPacket;
  long refusedPacket;
  long rejectedPacket;
  String rejectedDetail;

  TcpDirection dir(int d) {
    return d == 0 ? dir0 : dir1;
  }

  HandshakeOutcome outcome() {
    if (synPacket == 0) {
      return synAckPacket != 0 ? HandshakeOutcome.ESTABLISHED : HandshakeOutcome.MIDSTREAM;
    }
    if (synAckPacket != 0) {
      return HandshakeOutcome.ESTABLISHED;
    }
    if (refusedPacket != 0) {
      return HandshakeOutcome.REFUSED;
    }
    if (rejectedPacket != 0) {
      return HandshakeOutcome.REJECTED;
    }
    return HandshakeOutcome.SYN_UNANSWERED;
  }

  /** One direction's view, named after the fields of Wireshark's tcp_analyze_seq_info so the rules can be compared. */
  static final class TcpDirection {
    boolean baseSeqSet;
    long baseSeq;
    /** 0 = not known yet, as in Wireshark. */
    long nextSeq;
    long nextSeqFrame;
    long nextSeqNanos;
    long maxSeqToBeAcked;
    long lastAck;
    long lastAckNanos;
    /** Raw window; starts at a value no 16-bit window can equal. */
    long window = 0xFFFF_FFFFL;
    int dupAckNum;
    long lastNonDupAck;
    int lastSegmentFlags;
  }
}
