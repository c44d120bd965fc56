package dev.packetwalk.capture;

import dev.packetwalk.capture.TcpState.TcpDirection;
import dev.packetwalk.parse.pcap.PacketView;

/**
 * Wireshark's single-pass TCP sequence analysis ({@code tcp_analyze_sequence_number} in packet-tcp.c, described in
 * the User's Guide chapter "TCP Analysis"), re-implemented on primitive state so that its retransmission and
 * duplicate-ACK verdicts equal tshark's. The rule order matters and follows Wireshark's: zero-window probe, zero
 * window, lost segment, keep-alive, window update, keep-alive ACK, zero-window-probe ACK, duplicate ACK, ACKed lost
 * segment, then the retransmission family (spurious, fast, out-of-order, plain). Sequence numbers are absolute and
 * the window is the raw header field, as Wireshark analyses them.
 */
final class TcpSequenceAnalysis {
  static final int ZERO_WINDOW_PROBE = 1, ZERO_WINDOW = 1 << 1, LOST_PACKET = 1 << 2, KEEP_ALIVE = 1 << 3,
      WINDOW_UPDATE = 1 << 4, KEEP_ALIVE_ACK = 1 << 5, ZERO_WINDOW_PROBE_ACK = 1 << 6, DUPLICATE_ACK = 1 << 7,
      ACK_LOST_PACKET = 1 << 8, FAST_RETRANSMISSION = 1 << 9, OUT_OF_ORDER = 1 << 10,
      SPURIOUS_RETRANSMISSION = 1 << 11, RETRANSMISSION = 1 << 12;

  private static final int SYN = PacketView.SYN, FIN = PacketView.FIN, RST = PacketView.RST, ACK = PacketView.ACK;
  private static final long DEFAULT_OOO_THRESHOLD_NANOS = 3_000_000;
  private static final long FAST_RETRANSMISSION_WINDOW_NANOS = 20_000_000;

  private TcpSequenceAnalysis() {}

  /** Returns the analysis flags of this segment. */
  static int analyze(TcpState tcp, int d, long seq, long ack, int seglen, int flags, int window, long now,
      long frame) {
    TcpDirection fwd = tcp.dir(d);
    TcpDirection rev = tcp.dir(1 - d);
    int ta = 0;
    if (!fwd.baseSeqSet) {
      fwd.baseSeq = (flags & SYN) != 0 ? seq : (seq - 1) & 0xFFFF_FFFFL;
      fwd.baseSeqSet = true;
    }
    if (!rev.baseSeqSet && (flags & ACK) != 0) {
      rev.baseSeq = (ack - 1) & 0xFFFF_FFFFL;
      rev.baseSeqSet = true;
    }
    boolean noSynFinRst = (flags & (SYN | FIN | RST)) == 0;

    if (seglen == 1 && seq == fwd.nextSeq && rev.window == 0) {
      ta |= ZERO_WINDOW_PROBE;
    } else {
      if (window == 0 && noSynFinRst) {
        ta |= ZERO_WINDOW;
      }
      if (fwd.nextSeq != 0 && gt(seq, fwd.nextSeq) && (flags & RST) == 0) {
        ta |= LOST_PACKET;
      }
      if ((seglen == 0 || seglen == 1) && seq == ((fwd.nextSeq - 1) & 0xFFFF_FFFFL) && noSynFinRst) {
        ta |= KEEP_ALIVE;
      }
      boolean sameAck = seglen == 0 && seq == fwd.nextSeq && ack == fwd.lastAck && noSynFinRst;
      if (sameAck && window != 0 && window != fwd.window) {
        ta |= WINDOW_UPDATE;
      }
      if (sameAck && window != 0 && window == fwd.window && (rev.lastSegmentFlags & KEEP_ALIVE) != 0) {
        ta |= KEEP_ALIVE_ACK;
      } else if (sameAck && window == 0 && window == fwd.window
          && (rev.lastSegmentFlags & ZERO_WINDOW_PROBE) != 0) {
        ta |= ZERO_WINDOW_PROBE_ACK;
      } else if (sameAck && window != 0 && window == fwd.window) {
        fwd.dupAckNum = fwd.dupAckNum == -1 ? 1 : fwd.dupAckNum + 1;
        ta |= DUPLICATE_ACK;
      }
    }
    // finished_fwd: a changed ACK resets the duplicate-ACK run
    if (ack != fwd.lastAck) {
      fwd.lastNonDupAck = frame;
      fwd.dupAckNum = 0;
    }
    if (rev.maxSeqToBeAcked != 0 && gt(ack, rev.maxSeqToBeAcked) && (flags & ACK) != 0) {
      if (rev.maxSeqToBeAcked > rev.nextSeq) {
        rev.maxSeqToBeAcked = rev.nextSeq;
        ta |= ACK_LOST_PACKET;
      } else {
        if (rev.dupAckNum == 0) {
          ta |= ACK_LOST_PACKET;
        }
        rev.dupAckNum = -1;
      }
    }
    if ((seglen > 0 || (flags & (SYN | FIN)) != 0) && (ta & KEEP_ALIVE) == 0) {
      ta |= retransmissionType(tcp, fwd, rev, seq, seglen, flags, now);
    }
    // finished_checking_retransmission_type
    long nextSeq = (seq + seglen + ((flags & (SYN | FIN)) != 0 ? 1 : 0)) & 0xFFFF_FFFFL;
    if ((gt(nextSeq, fwd.nextSeq) || fwd.nextSeq == 0) && (ta & ZERO_WINDOW_PROBE) == 0) {
      fwd.nextSeq = nextSeq;
      fwd.nextSeqFrame = frame;
      fwd.nextSeqNanos = now;
    }
    if ((seq == fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked == 0) && (ta & ZERO_WINDOW_PROBE) == 0) {
      fwd.maxSeqToBeAcked = fwd.nextSeq;
    }
    fwd.window = window;
    fwd.lastAck = ack;
    fwd.lastAckNanos = now;
    fwd.lastSegmentFlags = ta;
    return ta;
  }

  private static int retransmissionType(TcpState tcp, TcpDirection fwd, TcpDirection rev, long seq, int seglen,
      int flags, long now) {
    boolean seqNotAdvanced = fwd.nextSeq != 0 && lt(seq, fwd.nextSeq);
    // more than one new byte starting just below nextseq follows a zero-window probe: new data, not a resend
    if (seglen > 1 && ((fwd.nextSeq - 1) & 0xFFFF_FFFFL) == seq) {
      seqNotAdvanced = false;
    }
    if (seglen > 0 && rev.lastAck != 0 && le((seq + seglen) & 0xFFFF_FFFFL, rev.lastAck)) {
      return SPURIOUS_RETRANSMISSION;
    }
    if (seqNotAdvanced && rev.dupAckNum >= 2 && rev.lastAck == seq
        && now - rev.lastAckNanos < FAST_RETRANSMISSION_WINDOW_NANOS) {
      return FAST_RETRANSMISSION;
    }
    long oooThreshold = tcp.firstRttNanos == 0 ? DEFAULT_OOO_THRESHOLD_NANOS : tcp.firstRttNanos;
    long synFin = (flags & (SYN | FIN)) != 0 ? 1 : 0;
    if (seqNotAdvanced && now - fwd.nextSeqNanos < oooThreshold
        && fwd.nextSeq != ((seq + seglen + synFin) & 0xFFFF_FFFFL)) {
      return OUT_OF_ORDER;
    }
    return seqNotAdvanced ? RETRANSMISSION : 0;
  }

  private static boolean gt(long a, long b) {
    return (int) (b - a) < 0;
  }

  private static boolean lt(long a, long b) {
    return (int) (a - b) < 0;
  }

  private static boolean le(long a, long b) {
    return (int) (a - b) <= 0;
  }
}
