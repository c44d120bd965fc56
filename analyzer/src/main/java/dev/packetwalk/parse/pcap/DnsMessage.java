package dev.packetwalk.parse.pcap;

/**
 * The parts of a DNS message the analysis needs: header flags and the first question.
 *
 * @param id transaction id
 * @param response QR bit
 * @param opcode 0 = standard query
 * @param truncated TC bit: the answer did not fit (UDP) and the client should retry over TCP
 * @param rcode 0 NoError, 2 ServFail, 3 NXDomain, 5 Refused, ...
 * @param qname first question's name, lower-cased, without the trailing dot ("" for the root)
 * @param qtype first question's type (1 A, 28 AAAA, ...)
 * @param answers answer record count
 */
public record DnsMessage(int id, boolean response, int opcode, boolean truncated, int rcode, String qname, int qtype,
    int answers) {

  public static final int NOERROR = 0, FORMERR = 1, SERVFAIL = 2, NXDOMAIN = 3, NOTIMP = 4, REFUSED = 5;

  /** Name of an RCODE as Wireshark prints it. */
  public static String rcodeName(int rcode) {
    return switch (rcode) {
      case NOERROR -> "NoError";
      case FORMERR -> "FormErr";
      case SERVFAIL -> "ServFail";
      case NXDOMAIN -> "NXDomain";
      case NOTIMP -> "NotImp";
      case REFUSED -> "Refused";
      default -> "RCODE" + rcode;
    };
  }

  public static String qtypeName(int qtype) {
    return switch (qtype) {
      case 1 -> "A";
      case 2 -> "NS";
      case 5 -> "CNAME";
      case 6 -> "SOA";
      case 12 -> "PTR";
      case 15 -> "MX";
      case 16 -> "TXT";
      case 28 -> "AAAA";
      case 33 -> "SRV";
      case 65 -> "HTTPS";
      case 255 -> "ANY";
      default -> "TYPE" + qtype;
    };
  }
}
