package dev.packetwalk.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Benchmark input generator (not a test): writes a synthetic capture of one busy Kubernetes node as classic pcap,
 * Ethernet (link type 1) or Linux cooked v2 (276, what {@code tcpdump -i any} writes). Nothing is sent anywhere.
 *
 * <p>Traffic: {@value #CONCURRENT} conversations interleaved at random. TCP connections do a handshake with
 * MSS/SACK/timestamp/window-scale options, then request/response rounds (HTTP text, TLS-record-framed or opaque
 * binary payloads, MSS-sized segments, a delayed ACK every second segment), and close with FIN or RST; some connects
 * are refused (RST) or never answered (3 SYNs). A few server segments are sent twice (retransmissions) or skipped
 * (not captured). DNS lookups follow a pod's resolv.conf with {@code ndots:5}: A and AAAA for each search-list
 * candidate, NXDOMAIN with an SOA for the misses, some questions unanswered. ICMP: echo, port unreachable quoting a
 * UDP datagram. Checksums are valid. The same seed gives the same packets for both link types.
 *
 * <pre>
 * java -cp CP dev.packetwalk.bench.CaptureGen OUT.pcap BYTES [ether|sll2] [seed]
 * </pre>
 */
public final class CaptureGen {
  static final int CONCURRENT = 1024;
  private static final int MSS = 1448;
  /** Length of the HTTP response head written by {@code Tcp.payload}. */
  private static final int HTTP_RESPONSE_HEAD = 76;

  private final OutputStream out;
  private final boolean sll2;
  private long state;
  private long nowMicros = 1_763_719_200_000_000L;
  private long written;
  private long packets;
  private long tcpPackets, udpPackets, icmpPackets, retransmissions, lookups, connections;
  private final byte[] pkt = new byte[65_600];
  private final byte[] text;
  private final byte[] binary;
  private final int[] remotePods = new int[2000];
  private final int[] services = new int[500];

  private CaptureGen(OutputStream out, boolean sll2, long seed) {
    this.out = out;
    this.sll2 = sll2;
    this.state = seed * 0x9E3779B97F4A7C15L + 1;
    StringBuilder sb = new StringBuilder();
    String[] words = {"{\"items\":[", "{\"name\":\"pod-", "\",\"namespace\":\"shop\",", "\"phase\":\"Running\"},",
        "\"ready\":true,", "\"restarts\":0,", "\"ip\":\"10.244.", "\"}", "],\"metadata\":{\"resourceVersion\":\""};
    while (sb.length() < (1 << 20)) {
      sb.append(words[next(words.length)]).append(next(100_000));
    }
    text = java.util.Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), 1 << 20);
    binary = new byte[1 << 20];
    for (int i = 0; i < binary.length; i += 8) {
      long r = rnd();
      for (int k = 0; k < 8; k++) {
        binary[i + k] = (byte) (r >>> (8 * k));
      }
    }
    for (int i = 0; i < remotePods.length; i++) {
      int third;
      do {
        third = next(250);
      } while (third == 7);
      remotePods[i] = ip(10, 244, third, 2 + next(250));
    }
    for (int i = 0; i < services.length; i++) {
      services[i] = ip(10, 96, next(256), 1 + next(254));
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: CaptureGen OUT.pcap BYTES [ether|sll2] [seed]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    long target = parseSize(args[1]);
    boolean sll2 = args.length > 2 && args[2].equals("sll2");
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      CaptureGen g = new CaptureGen(o, sll2, seed);
      g.run(target);
      System.out.printf(Locale.ROOT, "file=%s linktype=%d bytes=%d packets=%d tcp=%d udp=%d icmp=%d"
              + " tcp_connections=%d retransmissions=%d dns_lookups=%d seconds_of_traffic=%.1f%n", file,
          sll2 ? 276 : 1, g.written, g.packets, g.tcpPackets, g.udpPackets, g.icmpPackets, g.connections,
          g.retransmissions, g.lookups, (g.nowMicros - 1_763_719_200_000_000L) / 1e6);
    }
  }

  static long parseSize(String s) {
    String t = s.toLowerCase(Locale.ROOT);
    long mult = t.endsWith("g") ? 1_000_000_000L : t.endsWith("m") ? 1_000_000L : t.endsWith("k") ? 1000 : 1;
    return Long.parseLong(mult == 1 ? t : t.substring(0, t.length() - 1)) * mult;
  }

  private void run(long target) throws IOException {
    byte[] h = new byte[24];
    le32(h, 0, 0xA1B2C3D4);
    le16(h, 4, 2);
    le16(h, 6, 4);
    le32(h, 16, 262_144);
    le32(h, 20, sll2 ? 276 : 1);
    out.write(h);
    written = 24;
    Conversation[] slots = new Conversation[CONCURRENT];
    while (written < target) {
      int i = next(CONCURRENT);
      if (slots[i] == null || slots[i].done) {
        slots[i] = newConversation();
      }
      slots[i].step();
    }
  }

  private Conversation newConversation() {
    int r = next(100);
    if (r < 50) {
      return new Tcp();
    }
    if (r < 96) {
      return new Dns();
    }
    return new Icmp();
  }

  // ---------------------------------------------------------------------------------------------- randomness

  private long rnd() {
    long x = state;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    state = x;
    return x * 0x2545F4914F6CDD1DL;
  }

  private int next(int bound) {
    return (int) (((rnd() >>> 33) * bound) >>> 31);
  }

  private boolean chance(double p) {
    return (rnd() >>> 11) * 0x1.0p-53 < p;
  }

  static int ip(int a, int b, int c, int d) {
    return a << 24 | b << 16 | c << 8 | d;
  }

  private int localPod() {
    return ip(10, 244, 7, 2 + next(110));
  }

  private int anyPod() {
    return next(100) < 65 ? localPod() : remotePods[next(remotePods.length)];
  }

  private int ephemeralPort() {
    return 32768 + next(28232);
  }

  // ---------------------------------------------------------------------------------------------- conversations

  private abstract static class Conversation {
    boolean done;

    abstract void step() throws IOException;
  }

  /** Endpoint pair with the link-layer details of both sides. */
  private class Ends {
    final int cip = anyPod();
    final int sip;
    final int cport = ephemeralPort();
    final int sport;
    final int ifindex = 3 + next(120);
    final long cmac = 0x0A58_0AF4_0000L | next(1 << 16);
    final long smac = 0xEEEE_EEEE_EE00L | next(256);
    int cid = next(65536), sid = next(65536);

    Ends(int sip, int sport) {
      this.sip = sip;
      this.sport = sport;
    }
  }

  private static final int FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16;

  private final class Tcp extends Conversation {
    final Ends e;
    final int app; // 0 http, 1 tls, 2 opaque
    long cseq = rnd() & 0xFFFF_FFFFL, sseq = rnd() & 0xFFFF_FFFFL;
    final int tsc = (int) rnd(), tss = (int) rnd();
    int phase;
    int rounds;
    int reqLen, reqOff, respLen, respOff, unacked, synTries;
    final int fseed = next(1 << 19);
    final boolean refused = chance(0.03), timeout = !refused && chance(0.01);

    Tcp() {
      int[] ports = {80, 8080, 9090, 443, 6443, 5432, 6379};
      int port = ports[next(ports.length)];
      e = new Ends(next(100) < 55 ? services[next(services.length)] : anyPod(), port);
      app = port == 443 || port == 6443 ? 1 : port == 5432 || port == 6379 ? 2 : 0;
      rounds = 1 + next(app == 0 ? 6 : 4);
      connections++;
    }

    @Override
    void step() throws IOException {
      switch (phase) {
        case 0 -> { // SYN (retried when it is never answered)
          segment(0, SYN, cseq, 0, 0, 0);
          if (timeout) {
            if (++synTries == 3) {
              done = true;
            }
            return;
          }
          phase = 1;
        }
        case 1 -> {
          if (refused) {
            segment(1, RST | ACK, 0, cseq + 1, 0, 0);
            done = true;
            return;
          }
          segment(1, SYN | ACK, sseq, cseq + 1, 0, 0);
          phase = 2;
        }
        case 2 -> {
          cseq++;
          sseq++;
          segment(0, ACK, cseq, sseq, 0, 0);
          startRound();
        }
        case 3 -> { // request segments
          int n = Math.min(MSS, reqLen - reqOff);
          segment(0, ACK | (reqOff + n == reqLen ? PSH : 0), cseq, sseq, n, reqOff);
          cseq += n;
          reqOff += n;
          if (reqOff == reqLen) {
            phase = 4;
          }
        }
        case 4 -> { // response segments, the client ACKs every second one
          int n = Math.min(MSS, respLen - respOff);
          boolean last = respOff + n == respLen;
          int flags = ACK | (last ? PSH : 0);
          if (chance(0.0005)) {
            tick(); // "not captured": the capture misses this segment
          } else {
            segment(1, flags, sseq, cseq, n, -1 - respOff);
            if (chance(0.005)) {
              segment(1, flags, sseq, cseq, n, -1 - respOff);
              retransmissions++;
            }
          }
          sseq += n;
          respOff += n;
          if (++unacked == 2 || last) {
            segment(0, ACK, cseq, sseq, 0, 0);
            unacked = 0;
          }
          if (last) {
            if (--rounds > 0) {
              startRound();
            } else {
              phase = 5;
            }
          }
        }
        case 5 -> close();
        default -> done = true;
      }
    }

    private void startRound() {
      phase = 3;
      reqOff = respOff = unacked = 0;
      reqLen = app == 0 ? httpRequest().length + 4 + next(200) : 60 + next(900);
      int r = next(100);
      respLen = r < 60 ? 200 + next(3000) : r < 95 ? 4000 + next(40_000) : 60_000 + next(400_000);
    }

    private void close() throws IOException {
      int r = next(100);
      if (r < 60) { // client FIN
        segment(0, FIN | ACK, cseq, sseq, 0, 0);
        segment(1, FIN | ACK, sseq, cseq + 1, 0, 0);
        segment(0, ACK, cseq + 1, sseq + 1, 0, 0);
      } else if (r < 88) { // server FIN
        segment(1, FIN | ACK, sseq, cseq, 0, 0);
        segment(0, FIN | ACK, cseq, sseq + 1, 0, 0);
        segment(1, ACK, sseq + 1, cseq + 1, 0, 0);
      } else if (r < 96) {
        segment(1, RST | ACK, sseq, cseq, 0, 0);
      } else {
        segment(0, RST | ACK, cseq, sseq, 0, 0);
      }
      done = true;
    }

    /** One TCP segment; {@code dir} 0 client to server. Payload offset {@code >= 0} request, {@code < 0} response. */
    private void segment(int dir, int flags, long seq, long ack, int len, int payloadOff) throws IOException {
      tick();
      int l = link(dir == 0 ? e.cmac : e.smac, dir == 0 ? e.smac : e.cmac, dir, 0x0800);
      int opt = (flags & RST) != 0 ? 0 : (flags & SYN) != 0 ? 20 : 12;
      int thl = 20 + opt;
      int ipOff = l;
      int t = ipOff + 20;
      int src = dir == 0 ? e.cip : e.sip, dst = dir == 0 ? e.sip : e.cip;
      ipv4(ipOff, 6, thl + len, src, dst, dir == 0 ? e.cid++ : e.sid++, dir == 0 ? 64 : 63);
      be16(pkt, t, dir == 0 ? e.cport : e.sport);
      be16(pkt, t + 2, dir == 0 ? e.sport : e.cport);
      be32(pkt, t + 4, (int) seq);
      be32(pkt, t + 8, (flags & ACK) != 0 ? (int) ack : 0);
      pkt[t + 12] = (byte) ((thl / 4) << 4);
      pkt[t + 13] = (byte) flags;
      be16(pkt, t + 14, (flags & SYN) != 0 ? 64_240 : dir == 0 ? 502 : 509);
      be16(pkt, t + 16, 0);
      be16(pkt, t + 18, 0);
      int ms = (int) (nowMicros / 1000);
      int tsval = (dir == 0 ? tsc : tss) + ms, tsecr = (dir == 0 ? tss : tsc) + ms - 1;
      int o = t + 20;
      if (opt == 20) {
        pkt[o] = 2;
        pkt[o + 1] = 4;
        be16(pkt, o + 2, 1460);
        pkt[o + 4] = 4;
        pkt[o + 5] = 2;
        pkt[o + 6] = 8;
        pkt[o + 7] = 10;
        be32(pkt, o + 8, tsval);
        be32(pkt, o + 12, (flags & ACK) != 0 ? tsecr : 0);
        pkt[o + 16] = 1;
        pkt[o + 17] = 3;
        pkt[o + 18] = 3;
        pkt[o + 19] = 7;
      } else if (opt == 12) {
        pkt[o] = 1;
        pkt[o + 1] = 1;
        pkt[o + 2] = 8;
        pkt[o + 3] = 10;
        be32(pkt, o + 4, tsval);
        be32(pkt, o + 8, tsecr);
      }
      if (len > 0) {
        payload(t + thl, len, payloadOff);
      }
      be16(pkt, t + 16, checksum(pkt, t, thl + len, pseudo(src, dst, 6, thl + len)));
      record(t + thl + len);
      tcpPackets++;
    }

    private byte[] httpRequest() {
      return ("GET /api/v1/namespaces/shop/items/" + fseed + " HTTP/1.1\r\nHost: shop.svc\r\nUser-Agent: "
          + "kube-probe/1.30\r\nAccept: application/json\r\nX-Pad: ").getBytes(StandardCharsets.US_ASCII);
    }

    private void payload(int at, int len, int payloadOff) {
      boolean response = payloadOff < 0;
      int off = response ? -1 - payloadOff : payloadOff;
      if (app == 0 && !response) {
        byte[] req = httpRequest();
        for (int i = 0; i < len; i++) {
          int k = off + i;
          pkt[at + i] = k < req.length ? req[k] : k >= reqLen - 4 ? (byte) "\r\n\r\n".charAt(k - reqLen + 4)
              : (byte) 'x';
        }
        return;
      }
      if (app == 0 && off == 0) {
        // fixed-width Content-Length (leading zeros are valid) so that the header length is known in advance
        byte[] head = String.format(Locale.ROOT, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Content-Length: %07d\r\n\r\n", respLen - HTTP_RESPONSE_HEAD).getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(head.length, len);
        System.arraycopy(head, 0, pkt, at, n);
        copyFill(text, fseed + n, at + n, len - n);
        return;
      }
      if (app == 1) { // TLS application-data records: 5-byte header, up to 16 KiB, the last one shorter
        int total = response ? respLen : reqLen;
        for (int i = 0; i < len; i++) {
          int k = off + i, inRecord = k % 16_389;
          int recordLen = Math.max(1, Math.min(16_384, total - (k - inRecord) - 5));
          pkt[at + i] = inRecord == 0 ? 0x17 : inRecord < 3 ? 0x03 : inRecord == 3 ? (byte) (recordLen >>> 8)
              : inRecord == 4 ? (byte) recordLen : binary[(fseed + k) & (binary.length - 1)];
        }
        return;
      }
      copyFill(app == 0 ? text : binary, fseed + off, at, len);
    }
  }

  private void copyFill(byte[] src, int from, int at, int len) {
    while (len > 0) {
      int o = from & (src.length - 1);
      int n = Math.min(len, src.length - o);
      System.arraycopy(src, o, pkt, at, n);
      at += n;
      from += n;
      len -= n;
    }
  }

  private static final String[] NAMES = {"api", "redis", "postgres", "auth", "catalog", "cart", "orders",
      "payments", "kafka", "prometheus", "grafana", "minio", "www.example.com", "registry.k8s.io",
      "storage.googleapis.com", "login.microsoftonline.com", "api.github.com", "sts.amazonaws.com", "missing-svc",
      "legacy-db"};
  private static final String[] NAMESPACES = {"shop", "default", "monitoring", "kube-system", "payments", "data"};

  /** One name lookup: A + AAAA for each search-list candidate until one resolves. */
  private final class Dns extends Conversation {
    final Ends e;
    final String[] candidates;
    final int answerAt; // index of the candidate that resolves, or candidates.length when none does
    int candidate;
    int step;
    int idA, idAaaa;

    Dns() {
      int server = next(100) < 70 ? ip(10, 96, 0, 10) : ip(10, 244, next(3), 2);
      e = new Ends(server, 53);
      String name = NAMES[next(NAMES.length)];
      String ns = NAMESPACES[next(NAMESPACES.length)];
      candidates = new String[] {name + "." + ns + ".svc.cluster.local", name + ".svc.cluster.local",
          name + ".cluster.local", name};
      boolean external = name.contains(".");
      answerAt = name.startsWith("missing") || name.startsWith("legacy") ? candidates.length
          : external ? 3 : next(10) < 8 ? 0 : 1;
      lookups++;
    }

    @Override
    void step() throws IOException {
      String q = candidates[candidate];
      boolean hit = candidate == answerAt;
      switch (step++) {
        case 0 -> {
          idA = next(65536);
          message(0, idA, q, 1, -1, false);
        }
        case 1 -> {
          idAaaa = next(65536);
          message(0, idAaaa, q, 28, -1, false);
        }
        case 2 -> {
          if (!chance(0.04)) {
            message(1, idA, q, 1, hit ? 0 : 3, hit);
          }
        }
        default -> {
          if (!chance(0.04)) {
            message(1, idAaaa, q, 28, hit ? 0 : 3, false);
          }
          step = 0;
          if (hit || ++candidate == candidates.length) {
            done = true;
          }
        }
      }
    }

    /** A query (dir 0) or a response with {@code rcode}; a NoError A answer carries one address. */
    private void message(int dir, int id, String qname, int qtype, int rcode, boolean withAddress)
        throws IOException {
      tick();
      int l = link(dir == 0 ? e.cmac : e.smac, dir == 0 ? e.smac : e.cmac, dir, 0x0800);
      int u = l + 20, d = u + 8;
      be16(pkt, d, id);
      be16(pkt, d + 2, dir == 0 ? 0x0100 : 0x8180 | rcode);
      be16(pkt, d + 4, 1);
      be16(pkt, d + 6, withAddress ? 1 : 0);
      be16(pkt, d + 8, dir == 1 && rcode == 3 ? 1 : 0);
      be16(pkt, d + 10, dir == 0 ? 1 : 0);
      int p = d + 12;
      for (String label : qname.split("\\.")) {
        pkt[p++] = (byte) label.length();
        for (int i = 0; i < label.length(); i++) {
          pkt[p++] = (byte) label.charAt(i);
        }
      }
      pkt[p++] = 0;
      be16(pkt, p, qtype);
      be16(pkt, p + 2, 1);
      p += 4;
      if (withAddress) {
        be16(pkt, p, 0xC00C);
        be16(pkt, p + 2, 1);
        be16(pkt, p + 4, 1);
        be32(pkt, p + 6, 30);
        be16(pkt, p + 10, 4);
        be32(pkt, p + 12, services[next(services.length)]);
        p += 16;
      } else if (dir == 1 && rcode == 3) { // SOA of cluster.local in the authority section
        be16(pkt, p, 0xC00C);
        be16(pkt, p + 2, 6);
        be16(pkt, p + 4, 1);
        be32(pkt, p + 6, 30);
        byte[] soa = "\2ns\3dns\7cluster\5local\0\12hostmaster\7cluster\5local\0".getBytes(
            StandardCharsets.US_ASCII);
        be16(pkt, p + 10, soa.length + 20);
        System.arraycopy(soa, 0, pkt, p + 12, soa.length);
        p += 12 + soa.length;
        for (int v : new int[] {1_763_719_000, 7200, 1800, 86400, 30}) {
          be32(pkt, p, v);
          p += 4;
        }
      } else if (dir == 0) { // EDNS0 OPT
        pkt[p] = 0;
        be16(pkt, p + 1, 41);
        be16(pkt, p + 3, 1232);
        be32(pkt, p + 5, 0);
        be16(pkt, p + 9, 0);
        p += 11;
      }
      udp(l, dir == 0 ? e.cip : e.sip, dir == 0 ? e.sip : e.cip, dir == 0 ? e.cport : e.sport,
          dir == 0 ? e.sport : e.cport, p - d, dir == 0 ? e.cid++ : e.sid++);
    }
  }

  /** Echo request/reply pairs (some unanswered), or a UDP datagram answered with port unreachable. */
  private final class Icmp extends Conversation {
    final Ends e = new Ends(anyPod(), 0);
    final boolean echo = next(100) < 80;
    final int ident = next(65536);
    int seq;

    @Override
    void step() throws IOException {
      if (echo) {
        icmp(0, 8, 0, ident << 16 | seq, 56);
        if (!chance(0.05)) {
          icmp(1, 0, 0, ident << 16 | seq, 56);
        }
        if (++seq == 4) {
          done = true;
        }
        return;
      }
      int l = link(e.cmac, e.smac, 0, 0x0800);
      for (int i = 0; i < 32; i++) {
        pkt[l + 28 + i] = (byte) i;
      }
      tick();
      udp(l, e.cip, e.sip, e.cport, 30_000 + next(2000), 32, e.cid++);
      // quote the datagram just written: its IP header and 8 bytes of UDP
      byte[] quoted = java.util.Arrays.copyOfRange(pkt, l, l + 28);
      int o = link(e.smac, e.cmac, 1, 0x0800) + 28;
      System.arraycopy(quoted, 0, pkt, o, quoted.length);
      icmpWith(1, 3, 3, 0, quoted.length, o);
      done = true;
    }

    private void icmp(int dir, int type, int code, int rest, int dataLen) throws IOException {
      int l = link(dir == 0 ? e.cmac : e.smac, dir == 0 ? e.smac : e.cmac, dir, 0x0800);
      for (int i = 0; i < dataLen; i++) {
        pkt[l + 28 + i] = (byte) (0x10 + i);
      }
      icmpWith(dir, type, code, rest, dataLen, l + 28);
    }

    private void icmpWith(int dir, int type, int code, int rest, int dataLen, int dataAt) throws IOException {
      tick();
      int ic = dataAt - 8, l = ic - 20;
      pkt[ic] = (byte) type;
      pkt[ic + 1] = (byte) code;
      be16(pkt, ic + 2, 0);
      be32(pkt, ic + 4, rest);
      be16(pkt, ic + 2, checksum(pkt, ic, 8 + dataLen, 0));
      ipv4(l, 1, 8 + dataLen, dir == 0 ? e.cip : e.sip, dir == 0 ? e.sip : e.cip, dir == 0 ? e.cid++ : e.sid++,
          64);
      record(ic + 8 + dataLen);
      icmpPackets++;
    }
  }

  // ---------------------------------------------------------------------------------------------- encoding

  private void tick() {
    nowMicros += 1 + next(60);
  }

  /** Writes the link header at 0; returns its length. */
  private int link(long srcMac, long dstMac, int dir, int etherType) {
    if (sll2) {
      be16(pkt, 0, etherType);
      be16(pkt, 2, 0);
      be32(pkt, 4, 4 + (int) (srcMac & 0x3F));
      be16(pkt, 8, 1);
      pkt[10] = (byte) (dir == 0 ? 4 : 0);
      pkt[11] = 6;
      mac(srcMac, 12);
      pkt[18] = pkt[19] = 0;
      return 20;
    }
    mac(dstMac, 0);
    mac(srcMac, 6);
    be16(pkt, 12, etherType);
    return 14;
  }

  private void mac(long m, int at) {
    for (int i = 0; i < 6; i++) {
      pkt[at + i] = (byte) (m >>> (40 - 8 * i));
    }
  }

  private void ipv4(int at, int proto, int l4Len, int src, int dst, int id, int ttl) {
    pkt[at] = 0x45;
    pkt[at + 1] = 0;
    be16(pkt, at + 2, 20 + l4Len);
    be16(pkt, at + 4, id);
    be16(pkt, at + 6, 0x4000);
    pkt[at + 8] = (byte) ttl;
    pkt[at + 9] = (byte) proto;
    be16(pkt, at + 10, 0);
    be32(pkt, at + 12, src);
    be32(pkt, at + 16, dst);
    be16(pkt, at + 10, checksum(pkt, at, 20, 0));
  }

  /** UDP header at {@code l + 20} for a payload already at {@code l + 28}; writes the record. */
  private void udp(int l, int src, int dst, int sport, int dport, int len, int id) throws IOException {
    int u = l + 20;
    ipv4(l, 17, 8 + len, src, dst, id, 64);
    be16(pkt, u, sport);
    be16(pkt, u + 2, dport);
    be16(pkt, u + 4, 8 + len);
    be16(pkt, u + 6, 0);
    int c = checksum(pkt, u, 8 + len, pseudo(src, dst, 17, 8 + len));
    be16(pkt, u + 6, c == 0 ? 0xFFFF : c);
    record(u + 8 + len);
    udpPackets++;
  }

  private void record(int len) throws IOException {
    byte[] h = new byte[16];
    le32(h, 0, (int) (nowMicros / 1_000_000));
    le32(h, 4, (int) (nowMicros % 1_000_000));
    le32(h, 8, len);
    le32(h, 12, len);
    out.write(h);
    out.write(pkt, 0, len);
    written += 16 + len;
    packets++;
  }

  private static int pseudo(int src, int dst, int proto, int len) {
    return (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + proto + len;
  }

  private static int checksum(byte[] b, int off, int len, int initial) {
    long sum = initial & 0xFFFF_FFFFL;
    int i = off, end = off + len;
    for (; i + 1 < end; i += 2) {
      sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
    if (i < end) {
      sum += (b[i] & 0xFF) << 8;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (int) (~sum & 0xFFFF);
  }

  private static void be16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  private static void be32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static void le16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  private static void le32(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }
}
